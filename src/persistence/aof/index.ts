export { AofFeed } from './aof-feed.js';
export { encodeAofCommand, encodeAofCommandText } from './encode-command.js';
export { AofPersistence } from './aof-persistence.js';
export { AofLoadError } from './aof-loader.js';
