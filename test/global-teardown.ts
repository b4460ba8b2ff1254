export default async function globalTeardown(): Promise<void> {
  await globalThis.__OPSLEDGER_PG_STOP__?.();
}
