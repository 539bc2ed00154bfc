import { createRequire as __gsRequire } from 'node:module'; const require = __gsRequire(import.meta.url);
import{ApiError,ERROR_CODES,ErrorBodySchema,ErrorCodeSchema,toErrorBody}from"./chunk-4U6EBH25.js";import"./chunk-U3PUHM3N.js";import"./chunk-WBEKWMGS.js";export{ApiError,ERROR_CODES,ErrorBodySchema,ErrorCodeSchema,toErrorBody};
