import type { CommandDeclaration } from '../../core/command.js';
import { monitor } from './monitor.js';
import { publish, spublish } from './publish.js';
import { pubsub } from './pubsub.js';
import { psubscribe, punsubscribe, ssubscribe, subscribe, sunsubscribe, unsubscribe } from './subscribe.js';

export const PUBSUB_COMMANDS: readonly CommandDeclaration[] = [
  monitor, psubscribe, publish, pubsub, punsubscribe, spublish, ssubscribe, subscribe, sunsubscribe, unsubscribe,
];
