// AssemblyScript's compiler API (`assemblyscript/asc`), as the host tests call
// it, typed for tsc. The package's own declarations cannot be loaded into the
// host program: beside the API they declare AssemblyScript's portable library
// as globals (i32, load, store, assert, abort, another Array and Math), so a
// host file calling one of those without an import would type-check and fail
// at run time. The module name is therefore a variable, which tsc does not
// resolve; Node resolves it from this file as it would any import.
export interface AscOutput {
  toString(): string;
}

export interface AscResult {
  error: Error | null;
  stdout: AscOutput;
  stderr: AscOutput;
}

export interface Asc {
  // Runs asc with these command-line arguments; files are read and written on disk.
  main(argv: string[]): Promise<AscResult>;
}

const ASC_MODULE = "assemblyscript/asc";

export async function loadAsc(): Promise<Asc> {
  return await import(ASC_MODULE);
}
