/**
 * The sandboxed preload (bundled to out/preload/index.cjs): it may require only `electron`. It exposes the
 * named API of the contract as `window.ganStudio`, never ipcRenderer itself.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { BRIDGE_GLOBAL } from '../shared/api/bridge';
import { buildBridge } from './bridge';
import { parseApiNames } from './names';

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, buildBridge(ipcRenderer, webUtils, parseApiNames(process.argv)));
