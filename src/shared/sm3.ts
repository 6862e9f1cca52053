import { createHash } from 'node:crypto';

/** SM3 digest (GB/T 32905-2016) as lower-case hex, from node:crypto. */
export function sm3Hex(data: string | Uint8Array): string {
  return createHash('sm3').update(data).digest('hex');
}
