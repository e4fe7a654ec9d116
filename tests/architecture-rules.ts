/** The import rules of docs/ARCHITECTURE.md as a pure checker over a file → imports graph. */
import { readdirSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import ts from "typescript";

export type Policy = {
  /** Module → modules it may import (through their index.ts). A module may always import itself. */
  allowed: Record<string, readonly string[]>;
  /** Modules that may import any module (through its index.ts), e.g. route-level modules and wiring. */
  importsAnything: readonly string[];
  /** Modules made of route files only (they may use route-only modules). */
  routeLevel: readonly string[];
  /** Modules only wiring files and route files may import. */
  routeOnly: readonly string[];
  /** Modules only wiring files may import. */
  wiringOnly: readonly string[];
  /** Root files that wire everything together. */
  wiring: readonly string[];
  /** Modules without an index.ts whose files are public. */
  open: readonly string[];
  /** Module → its one file allowed to read other modules' tables (a declared read model). */
  readModels: Record<string, string>;
};

/** One import or re-export of a file. A bare string is a run-time import whose names are not known. */
export type Import = {
  /** Repository-relative path of the imported file. */
  path: string;
  /** Only types: erased at run time, but still a dependency of the code's meaning. */
  typeOnly?: boolean;
  /** The names taken, as the imported file spells them; "*" for a namespace import or `export *`. */
  names?: readonly string[];
  /** `export … from`: the file passes the names on as its own. */
  reexport?: boolean;
};

/** The path of a pseudo-import that stands for drizzle's `db.query.<table>`, which names a table without importing it. */
export const RELATIONAL_QUERY = "db.query";

/** Repository-relative path of a file → what it imports. */
export type ImportGraph = Map<string, readonly (string | Import)[]>;

/** Repository-relative path of a file → the names of the tables it declares (`sqliteTable`). */
export type TableIndex = Map<string, readonly string[]>;

export type Repo = { graph: ImportGraph; tables: TableIndex };

const asImport = (i: string | Import): Import => (typeof i === "string" ? { path: i } : i);

/** Scans every source file under the given folders (tests and declaration files excluded). */
export async function scanRepo(root: string, folders: string[]): Promise<Repo> {
  const graph: ImportGraph = new Map();
  const tables: TableIndex = new Map();
  for (const folder of folders) {
    for (const entry of readdirSync(join(root, folder), { recursive: true, withFileTypes: true })) {
      const name = entry.name;
      if (!entry.isFile() || !/\.tsx?$/.test(name) || /\.test\.tsx?$|\.d\.ts$/.test(name)) continue;
      const file = relative(root, join(entry.parentPath, name));
      const parsed = parseFile(file, await Bun.file(join(root, file)).text());
      graph.set(file, parsed.imports);
      if (parsed.tables.length > 0) tables.set(file, parsed.tables);
    }
  }
  return { graph, tables };
}

/** The relative imports, re-exports and table declarations of one source file. */
export function parseFile(file: string, code: string): { imports: Import[]; tables: string[] } {
  const source = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, false, file.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const imports: Import[] = [];
  const tables: string[] = [];
  const add = (spec: ts.Node | undefined, i: Omit<Import, "path">) => {
    if (!spec || !ts.isStringLiteral(spec) || !spec.text.startsWith(".")) return;
    imports.push({ path: normalize(join(dirname(file), spec.text)), ...i });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : [];
      const names = [
        ...(clause?.name ? ["default"] : []),
        ...(clause?.namedBindings && ts.isNamespaceImport(clause.namedBindings) ? ["*"] : []),
        ...named.map((e) => (e.propertyName ?? e.name).text),
      ];
      const allTypes = named.length > 0 && !clause?.name && named.every((e) => e.isTypeOnly);
      add(node.moduleSpecifier, { typeOnly: Boolean(clause?.isTypeOnly) || allTypes, names });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
      const clause = node.exportClause;
      const named = clause && ts.isNamedExports(clause) ? clause.elements : [];
      const names = clause && ts.isNamedExports(clause) ? named.map((e) => (e.propertyName ?? e.name).text) : ["*"];
      const allTypes = named.length > 0 && named.every((e) => e.isTypeOnly);
      add(node.moduleSpecifier, { typeOnly: node.isTypeOnly || allTypes, names, reexport: true });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node.arguments[0], { names: ["*"] });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal, { typeOnly: true, names: ["*"] });
    } else if (
      ts.isPropertyAccessExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.name.text === "query" &&
      !file.includes("/db/")
    ) {
      imports.push({ path: RELATIONAL_QUERY, names: [node.name.text] });
    } else if (ts.isVariableStatement(node) && node.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) {
      for (const d of node.declarationList.declarations) {
        const init = d.initializer;
        if (ts.isIdentifier(d.name) && init && ts.isCallExpression(init) && init.expression.getText(source) === "sqliteTable") {
          tables.push(d.name.text);
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { imports, tables };
}

/** The module a file belongs to: `views`, `integrations/<name>`, the first folder under src/, or a root file's name. */
export function moduleOf(file: string): string | null {
  const parts = file.split("/");
  if (parts[0] === "views") return "views";
  if (parts[0] !== "src") return null;
  if (parts.length === 2) return (parts[1] as string).replace(/\.tsx?$/, "");
  if (parts[1] === "integrations" && parts.length > 3) return `integrations/${parts[2]}`;
  return parts[1] as string;
}

export function isSchemaFile(file: string): boolean {
  return /(^|\/|-)schema\.ts$/.test(file);
}

/** The protocol cores have no web face: their `*-routes` files route SIP requests, not HTTP ones. */
const NO_WEB_FACE = ["sip", "media"];

/** A file of HTTP routes (`routes.tsx`, `*-routes.ts`, `*-route.ts`). */
export function isRouteFile(file: string): boolean {
  return /(^|\/|-)routes?\.tsx?$/.test(file) && !NO_WEB_FACE.includes(moduleOf(file) ?? "");
}

const isIndex = (file: string) => /\/index\.ts$/.test(file);

const inList = (list: readonly string[], mod: string) =>
  list.some((m) => m === mod || (m.endsWith("/*") && mod.startsWith(m.slice(0, -1))));

/** Every broken rule, as readable lines ("src/a/x.ts → src/b/y.ts: reason"). */
export function findViolations(graph: ImportGraph, policy: Policy, tables: TableIndex = new Map()): string[] {
  const tablesOf = tablesByModule(tables);
  const out: string[] = [];
  for (const [file, imports] of graph) {
    for (const i of imports.map(asImport)) {
      const reason = i.typeOnly ? null : edgeProblem(file, i.path, policy);
      const problem = reason ?? faceProblem(file, i, tables) ?? tableProblem(file, i, policy, tablesOf);
      if (problem) out.push(`${file} → ${i.path}: ${problem}`);
    }
  }
  return [...out, ...findCycles(graph, policy.routeLevel)];
}

function edgeProblem(file: string, target: string, policy: Policy): string | null {
  const from = moduleOf(file);
  const to = moduleOf(target);
  if (!from || !to || from === to) return null;
  if (from === "views") return "views may import only types from src/";
  const wiring = inList(policy.wiring, from);
  const route = wiring || isRouteFile(file) || inList(policy.routeLevel, from);
  if (to === "views") return route ? null : "only route files and wiring render views";
  // Foreign keys: table files may import other modules' table files; src/db/schema.ts re-exports them all.
  if (isSchemaFile(target) && (isSchemaFile(file) || file === "src/db/schema.ts")) return null;
  // A declared read model reads the tables it lists from their schema files.
  if (isSchemaFile(target) && policy.readModels[from] === file) return null;
  if (isRouteFile(target) && !isIndex(target)) {
    return wiring || inList(policy.routeLevel, from) ? null : "route files are mounted by the wiring files (and route-level modules) only";
  }
  if (isSchemaFile(target)) return `reads ${to}'s tables: use ${to}'s functions, or list them in a declared read model`;
  if (inList(policy.wiringOnly, to) && !wiring) return `${to} is imported only by the wiring files`;
  if (inList(policy.routeOnly, to) && !route) return `${to} is imported only by route files and the wiring files`;
  if (!isPublicFile(target, to, policy)) return `deep import: go through src/${to}/index.ts`;
  if (wiring || inList(policy.importsAnything, from)) return null;
  if (route && inList(policy.routeOnly, to)) return null;
  const allowed = policy.allowed[from];
  if (!allowed) return `module ${from} is not in the allowed-edges table`;
  return inList(allowed, to) ? null : `${from} may not import ${to}`;
}

/** A module's index.ts is its domain face: no tables, no route factories. */
function faceProblem(file: string, i: Import, tables: TableIndex): string | null {
  if (!isIndex(file) || !i.reexport || moduleOf(file) !== moduleOf(i.path)) return null;
  if (isRouteFile(i.path)) return "index.ts exports no route factories: the wiring imports the route file itself";
  const declared = tables.get(i.path) ?? [];
  const leaked = i.names?.includes("*") ? declared : declared.filter((t) => i.names?.includes(t));
  return leaked.length > 0 ? `index.ts exports no tables (${leaked.join(", ")}): offer functions that read them` : null;
}

/** Another module's tables are read through its functions, or in the reader's declared read model only. */
function tableProblem(file: string, i: Import, policy: Policy, tablesOf: Map<string, Set<string>>): string | null {
  const from = moduleOf(file);
  const to = i.path === RELATIONAL_QUERY ? ownerOf(i.names?.[0] ?? "", tablesOf) : moduleOf(i.path);
  if (!from || !to || from === to || i.typeOnly) return null;
  if (isSchemaFile(file) || file === "src/db/schema.ts" || policy.readModels[from] === file) return null;
  const owned = tablesOf.get(to);
  if (!owned) return null;
  const read = (i.names ?? []).filter((n) => owned.has(n) || (n === "*" && isSchemaFile(i.path)));
  if (read.length === 0) return null;
  return `reads ${to}'s tables (${read.join(", ")}): use ${to}'s functions or declare a read model`;
}

function ownerOf(table: string, tablesOf: Map<string, Set<string>>): string | null {
  for (const [mod, names] of tablesOf) if (names.has(table)) return mod;
  return null;
}

function tablesByModule(tables: TableIndex): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const [file, names] of tables) {
    const mod = moduleOf(file);
    if (mod) out.set(mod, new Set([...(out.get(mod) ?? []), ...names]));
  }
  return out;
}

function isPublicFile(target: string, mod: string, policy: Policy): boolean {
  const depth = target.split("/").length;
  if (depth === 2) return true; // a root file such as src/config.ts is its own module
  if (inList(policy.open, mod)) return true;
  return target === `src/${mod}/index.ts`;
}

/**
 * The node of the cycle check a file belongs to: its module, or for a route file the module's web face
 * ("auth routes"); a route-level module (admin, console…) is web face through and through. Route files sit above every domain module: mounted by the wiring, they take the app's
 * deps and render views, so `auth routes → deps → routing → auth` is layering, not a cycle.
 */
export function layerOf(file: string, routeLevel: readonly string[] = []): string | null {
  const mod = moduleOf(file);
  return mod && isRouteFile(file) && !inList(routeLevel, mod) ? `${mod} routes` : mod;
}

/**
 * Cycles between modules, type-only imports included (a type is part of what a module depends on). The
 * schema index of src/db (a re-export for drizzle-kit) is left out.
 */
export function findCycles(graph: ImportGraph, routeLevel: readonly string[] = []): string[] {
  const edges = new Map<string, Set<string>>();
  for (const [file, imports] of graph) {
    const from = layerOf(file, routeLevel);
    if (!from || file === "src/db/schema.ts") continue;
    for (const i of imports.map(asImport)) {
      const to = layerOf(i.path, routeLevel);
      if (!to || to === from) continue;
      edges.set(from, (edges.get(from) ?? new Set()).add(to));
    }
  }
  const cycles: string[] = [];
  const state = new Map<string, "open" | "done">();
  const visit = (mod: string, path: string[]) => {
    if (state.get(mod) === "done") return;
    if (state.get(mod) === "open") {
      cycles.push(`import cycle: ${[...path.slice(path.indexOf(mod)), mod].join(" → ")}`);
      return;
    }
    state.set(mod, "open");
    for (const next of edges.get(mod) ?? []) visit(next, [...path, mod]);
    state.set(mod, "done");
  };
  for (const mod of edges.keys()) visit(mod, []);
  return cycles;
}
