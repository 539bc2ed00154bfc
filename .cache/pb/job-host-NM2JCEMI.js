import { createRequire as __gsRequire } from 'node:module'; const require = __gsRequire(import.meta.url);
import{createJobHost}from"./chunk-BIDUIMCD.js";import"./chunk-GT73GVTW.js";import"./chunk-6BS7UMJZ.js";import"./chunk-GSRBJECH.js";import"./chunk-4U6EBH25.js";import"./chunk-U3PUHM3N.js";import"./chunk-WBEKWMGS.js";export{createJobHost};
