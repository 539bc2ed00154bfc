import { createRequire as __gsRequire } from 'node:module'; const require = __gsRequire(import.meta.url);
import{verifyDatasetFiles}from"./chunk-BMQ2N6NA.js";import"./chunk-2B3ZCGVA.js";import"./chunk-6LL6S6HL.js";import"./chunk-HGYZDGGC.js";import"./chunk-4U6EBH25.js";import"./chunk-U3PUHM3N.js";import"./chunk-WBEKWMGS.js";export{verifyDatasetFiles};
