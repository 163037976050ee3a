/**
 * The page's first script (index.html loads it before the app's bundle): it starts the
 * training worker and the dataset download at once, so on a first visit the download runs
 * while the app's code loads and React renders, instead of after. useTrainer adopts the worker.
 */
import { prestartTrainerWorker } from '../../worker/client';
import { manifestUrl } from './manifestUrl';

prestartTrainerWorker(manifestUrl());
