import { createRequire as __gsRequire } from 'node:module'; const require = __gsRequire(import.meta.url);
import{createDatasetHandlers}from"./chunk-YGJIGEY2.js";import"./chunk-6AT3G5RC.js";import"./chunk-HGYZDGGC.js";import"./chunk-4U6EBH25.js";import"./chunk-U3PUHM3N.js";import"./chunk-WBEKWMGS.js";export{createDatasetHandlers};
