// The one formatter configuration for the repository's TypeScript, JavaScript
// and JSON: Prettier with its defaults (double quotes, semicolons, two-space
// indent, trailing commas where multi-line) and lines up to 140 columns.
// `make format` applies it, `make format-check` fails on a file it would change;
// .prettierignore says what it leaves alone (build outputs, fixtures, prose).
//
// The AssemblyScript sources need two things Prettier's TypeScript parser and
// printer do not give, so the small plugin below supplies them; everything else
// is Prettier's own parser and printer. tests/host/format.test.ts holds it to
// both.
// - Decorators on functions, constants and declarations (`@inline const X`,
//   `@external("hal", "load8") export declare function load8(...)`, `@global
//   @unsafe` above a function): TypeScript allows decorators on classes, their
//   members and parameters only, so Prettier refuses the file. Before Prettier
//   parses it, TypeScript's own parser (which reads such decorators, then
//   reports them) finds each run of them, and the run becomes one block
//   comment `/*as:@global @unsafe*/`, which prints back as the decorators'
//   text, exactly as written. Strings, templates and comments are left alone.
// - A cast on the right of `<<`: Prettier parenthesises type assertions there,
//   turning `1 << <u32>(n & 31)` into `1 << (<u32>(n & 31))`, which TypeScript
//   (Prettier included) then cannot parse, so a second run would fail. The
//   plugin prints that cast without the parentheses, as it was written.
import ts from "typescript";
import { parsers as typescriptParsers } from "prettier/plugins/typescript";
import { printers as estreePrinters } from "prettier/plugins/estree";

const MARK = "as:";
// Where TypeScript allows a decorator; every other one is AssemblyScript's.
const DECORATABLE = new Set([
  ts.SyntaxKind.ClassDeclaration,
  ts.SyntaxKind.ClassExpression,
  ts.SyntaxKind.PropertyDeclaration,
  ts.SyntaxKind.MethodDeclaration,
  ts.SyntaxKind.GetAccessor,
  ts.SyntaxKind.SetAccessor,
  ts.SyntaxKind.Parameter,
]);

/** @param {string} text */
function hideDecorators(text) {
  const file = ts.createSourceFile("source.ts", text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  /** @type {[number, number][]} */
  const runs = [];
  /** @param {ts.Node} node */
  const visit = (node) => {
    const decorators = "modifiers" in node && node.modifiers ? node.modifiers.filter(ts.isDecorator) : [];
    if (decorators.length > 0 && !DECORATABLE.has(node.kind)) {
      runs.push([decorators[0].getStart(file), decorators[decorators.length - 1].end]);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  let out = text;
  for (const [start, end] of runs.reverse()) out = out.slice(0, start) + `/*${MARK}${text.slice(start, end)}*/` + out.slice(end);
  return out;
}

const typescript = typescriptParsers.typescript;
const estree = estreePrinters.estree;

/** @type {import("prettier").Plugin} */
const assemblyscript = {
  parsers: {
    typescript: { ...typescript, preprocess: hideDecorators },
  },
  printers: {
    estree: {
      ...estree,
      print(path, options, print, args) {
        const doc = estree.print(path, options, print, args);
        const { node, parent, key } = path;
        const castAfterShift =
          node.type === "TSTypeAssertion" && parent?.type === "BinaryExpression" && parent.operator === "<<" && key === "right";
        if (castAfterShift && Array.isArray(doc) && doc.length === 3 && doc[0] === "(" && doc[2] === ")") return doc[1];
        return doc;
      },
      printComment(path, options) {
        const comment = path.node;
        if (estree.isBlockComment(comment) && comment.value.startsWith(`${MARK}@`)) return comment.value.slice(MARK.length);
        return estree.printComment(path, options);
      },
    },
  },
};

/** @type {import("prettier").Config} */
export default {
  printWidth: 140,
  plugins: [assemblyscript],
};
