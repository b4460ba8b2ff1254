const CHUNK_BYTES = 64 * 1024;

/** One JSON document per line, gathered into chunks so a large export is not a write per record. */
export async function* ndjson(
  records: AsyncIterable<unknown>,
): AsyncGenerator<string, void, undefined> {
  let chunk = '';
  for await (const record of records) {
    chunk += `${JSON.stringify(record)}\n`;
    if (chunk.length >= CHUNK_BYTES) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}
