#!/usr/bin/env node
// The `nexus` bin (package.json): loads scripts/nexus.ts through tsx, which
// is resolved from this file's location, so it works from any directory.
import { tsImport } from "tsx/esm/api";

const { main } = await tsImport("./nexus.ts", import.meta.url);
process.exitCode = main(process.argv.slice(2));
