import type { StreamId } from '../../engine/types/stream-id.js';
import type { ConsumerGroup } from '../../engine/types/stream-group.js';
import type { PendingEntry } from '../../engine/types/stream-pending.js';

const idText = (id: StreamId): string => `${id.ms}-${id.seq}`;

/**
 * How a change to a group's pending entry is logged (XREADGROUP deliveries, XCLAIM, XAUTOCLAIM):
 * an XCLAIM that forces the entry's owner, delivery time and count, and the group's last ID.
 */
export function xclaimAsCommand(key: string, groupName: string, group: ConsumerGroup, consumerName: string, pending: Pick<PendingEntry, 'id' | 'deliveryTime' | 'deliveryCount'>): string[] {
  return [
    'XCLAIM', key, groupName, consumerName, '0', idText(pending.id), 'TIME', String(pending.deliveryTime),
    'RETRYCOUNT', String(pending.deliveryCount), 'FORCE', 'JUSTID', 'LASTID', idText(group.lastId),
  ];
}

/** A group's last delivered ID and read counter, as XREADGROUP NOACK logs them. */
export function setIdAsCommand(key: string, groupName: string, group: ConsumerGroup): string[] {
  return ['XGROUP', 'SETID', key, groupName, idText(group.lastId), 'ENTRIESREAD', String(group.entriesRead)];
}

export function createConsumerAsCommand(key: string, groupName: string, consumerName: string): string[] {
  return ['XGROUP', 'CREATECONSUMER', key, groupName, consumerName];
}
