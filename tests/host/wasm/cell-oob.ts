// A cell for tests/host/cells.test.ts: a load past the linear memory is a
// wasm trap (1), caught by the generated bounds check.
export function main(): void {
  load<u32>(0xfffffff0);
}
