import { createRequire as __gsRequire } from 'node:module'; const require = __gsRequire(import.meta.url);
import{verifyDatasetFiles}from"./chunk-BF37Q2N5.js";import"./chunk-2B3ZCGVA.js";import"./chunk-AJ3ZEJ3K.js";import"./chunk-4U6EBH25.js";import"./chunk-U3PUHM3N.js";import"./chunk-WBEKWMGS.js";export{verifyDatasetFiles};
