import { createRequire as __gsRequire } from 'node:module'; const require = __gsRequire(import.meta.url);
import{latestSchemaVersion,openDatabase}from"./chunk-PPNNROXT.js";import"./chunk-GSRBJECH.js";import"./chunk-4U6EBH25.js";import"./chunk-U3PUHM3N.js";import"./chunk-WBEKWMGS.js";export{latestSchemaVersion,openDatabase};
