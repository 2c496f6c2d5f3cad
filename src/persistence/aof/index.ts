export { AofFeed } from './aof-feed.js';
export { encodeAofCommand, encodeAofCommandText } from './encode-command.js';
