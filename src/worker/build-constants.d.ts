/** Bytes a first visit downloads for the dataset, put in by vite.config.ts at build time; null if unknown. */
declare const __DATASET_DOWNLOAD_BYTES__: number | null;
