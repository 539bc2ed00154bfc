/** Datasets: import folders as frozen versions, verify them, cache them for training. */
export { importDataset, DEFAULT_HOLDOUT_FRACTION, DEFAULT_MAX_FILE_BYTES, DEFAULT_SPLIT_SEED, type ImportDatasetOptions } from './import-dataset';
export { listDatasets, getDataset, getDatasetDetail, listDatasetImages, resolveDatasetVersion, requireDatasetVersion } from './queries';
export { verifyDatasetFiles } from './verify-files';
export { buildTrainingCache, loadTrainingCache, trainingCachePath, type CacheHeader, type CacheSpec, type TrainingData } from './training-cache';
export { addFashionMnistSample, FASHION_MNIST_CLASSES, FASHION_MNIST_DIR } from './fashion-mnist';
export { thumbnailPath, ensureThumbnail, THUMB_SIDE } from './thumbnails';
export { thumbnailFor } from './thumbnail-lookup';
export { iterateVersionFiles, listVersionClasses, findVersion, diffVersions, type VersionFile, type VersionRecord } from './dataset-repo';
export { preprocessImage } from './preprocess';
export { encodePng } from './png-encode';
export * from './errors';
