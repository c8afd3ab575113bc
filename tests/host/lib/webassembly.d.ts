// The part of the WebAssembly JavaScript API the host tests use. Node has it
// as a global, but @types/node 20 leaves its types to TypeScript's DOM library,
// which would also declare window, document and every other browser global for
// code that runs in Node.
declare namespace WebAssembly {
  type ImportValue = ((...args: never[]) => unknown) | Memory | number | bigint;
  type Imports = Record<string, Record<string, ImportValue>>;
  type ExportValue = ((...args: never[]) => unknown) | Memory;

  interface Memory {
    readonly buffer: ArrayBuffer;
    grow(delta: number): number;
  }
  interface Module {}
  interface Instance {
    readonly exports: Record<string, ExportValue>;
  }
  interface WebAssemblyInstantiatedSource {
    instance: Instance;
    module: Module;
  }

  function instantiate(bytes: ArrayBufferView | ArrayBuffer, imports?: Imports): Promise<WebAssemblyInstantiatedSource>;
}
