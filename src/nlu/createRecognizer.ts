import type { NluConfig } from '../config/nlu';
import type { Logger } from '../observability/logger';
import { FallbackRecognizer } from './FallbackRecognizer';
import { trainLocalRecognizer } from './LocalRecognizer';
import type { Recognizer } from './Recognizer';
import { CluRecognizer } from './clu/CluRecognizer';
import type { CloudRecognizer } from './cloud/cloudCall';
import { LuisRecognizer } from './luis/LuisRecognizer';
import type { TrainingData } from '../content/trainingData';

/** The cloud recognizer the config chooses, on its own (no fallback); undefined for local. */
export function createCloudRecognizer(config: NluConfig): CloudRecognizer | undefined {
  const policy = { timeoutMs: config.timeoutMs, retryMaxWaitMs: config.retryMaxWaitMs };
  switch (config.recognizer) {
    case 'luis':
      return new LuisRecognizer(config.luis, policy);
    case 'clu':
      return new CluRecognizer(config.clu, policy);
    case 'local':
      return undefined;
  }
}

/**
 * The recognizer the bot uses, chosen by `RECOGNIZER`: the local model trained from the content
 * (always built: it is the default and every cloud backend's fallback), alone or behind LUIS or
 * CLU. For the composition root:
 *
 *   const recognizer = await createRecognizer(config.nlu, content.utterances, logger.child({ category: 'nlu' }));
 */
export async function createRecognizer(
  config: NluConfig,
  data: TrainingData,
  logger: Logger,
  options: { local?: Recognizer } = {},
): Promise<Recognizer> {
  const local = options.local ?? (await trainLocalRecognizer(data));
  const cloud = createCloudRecognizer(config);
  if (!cloud) {
    logger.info({ backend: 'local' }, 'nlu: local model');
    return local;
  }
  logger.info(
    { backend: cloud.backend, fallback: 'local', timeoutMs: config.timeoutMs, minScore: config.minScore },
    `nlu: ${cloud.backend} first, local model when it fails or is unsure`,
  );
  return new FallbackRecognizer(cloud, local, {
    minScore: config.minScore,
    knownIntents: new Set(data.intents.map((i) => i.intent)),
    breakerFailures: config.breakerFailures,
    breakerPauseMs: config.breakerPauseMs,
    logger,
  });
}
