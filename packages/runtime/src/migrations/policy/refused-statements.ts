import { objectWord } from "./object-names.js";
import type { TreeNode } from "./parse-tree.js";
import type { Objection } from "./refusal.js";

type Reason = { why: string; fix: string };

/**
 * Why the statements a plug most often tries are refused. Any other kind not on the allow-list
 * (allowed-statements.ts) is refused too, with the general reason below.
 */
const reasons: Array<[kinds: string[], reason: Reason]> = [
  [
    ["TransactionStmt"],
    {
      why: "a plug's migration runs inside the deployment's one transaction, with the core's and every other plug's",
      fix: "remove it: the whole deployment's migration commits or rolls back as one",
    },
  ],
  [
    ["DiscardStmt"],
    { why: "it resets the session, its role included, and a plug's migration runs as its own role only", fix: "remove it" },
  ],
  [
    ["CopyStmt"],
    {
      why: "COPY reads or writes files and programs on the database server, or streams through the app's connection",
      fix: "use INSERT ... VALUES or INSERT ... SELECT",
    },
  ],
  [
    ["CreateExtensionStmt", "AlterExtensionStmt", "AlterExtensionContentsStmt", "LoadStmt", "CreatePLangStmt"],
    {
      why: "extensions, languages and server libraries are installed for the whole database by its administrator",
      fix: "ask the deployment's administrator to install it, and say so in the plug's README",
    },
  ],
  [
    [
      "GrantStmt",
      "GrantRoleStmt",
      "AlterDefaultPrivilegesStmt",
      "CreateRoleStmt",
      "AlterRoleStmt",
      "AlterRoleSetStmt",
      "DropRoleStmt",
      "ReassignOwnedStmt",
      "DropOwnedStmt",
      "AlterOwnerStmt",
    ],
    {
      why: "roles and rights are the deployment's: the plug's role has its own schema and reads of the core, and no migration changes that",
      fix: "remove it",
    },
  ],
  [
    ["CreateSchemaStmt", "AlterObjectSchemaStmt"],
    {
      why: "a plug has exactly one schema, its own, and its objects stay in it",
      fix: "create the objects unqualified, in the plug's schema",
    },
  ],
  [
    [
      "AlterSystemStmt",
      "AlterDatabaseStmt",
      "AlterDatabaseSetStmt",
      "AlterDatabaseRefreshCollStmt",
      "CreatedbStmt",
      "DropdbStmt",
      "CreateTableSpaceStmt",
      "DropTableSpaceStmt",
      "AlterTableSpaceOptionsStmt",
    ],
    { why: "it changes the server or the whole database, every session of the app included", fix: "remove it" },
  ],
  [
    [
      "CreateFdwStmt",
      "AlterFdwStmt",
      "CreateForeignServerStmt",
      "AlterForeignServerStmt",
      "CreateForeignTableStmt",
      "CreateUserMappingStmt",
      "AlterUserMappingStmt",
      "DropUserMappingStmt",
      "ImportForeignSchemaStmt",
      "CreatePublicationStmt",
      "AlterPublicationStmt",
      "CreateSubscriptionStmt",
      "AlterSubscriptionStmt",
      "DropSubscriptionStmt",
    ],
    { why: "it reaches other servers or replicates data out of the database", fix: "remove it" },
  ],
  [
    ["CreateEventTrigStmt", "AlterEventTrigStmt", "RuleStmt", "SecLabelStmt"],
    {
      why: "it changes how the database treats other roles' statements and objects",
      fix: "use an ordinary trigger on the plug's own table",
    },
  ],
  [
    [
      "PrepareStmt",
      "ExecuteStmt",
      "DeallocateStmt",
      "DeclareCursorStmt",
      "FetchStmt",
      "ClosePortalStmt",
      "ListenStmt",
      "UnlistenStmt",
      "NotifyStmt",
    ],
    {
      why: "prepared statements, cursors and notifications belong to the app's session, which goes on after the migration",
      fix: "write the statements out",
    },
  ],
  [
    ["LockStmt", "VacuumStmt", "ClusterStmt", "ReindexStmt", "CheckPointStmt", "ConstraintsSetStmt", "ExplainStmt"],
    {
      why: "a migration only creates and changes the plug's schema and its data; locks and maintenance are the database's",
      fix: "remove it",
    },
  ],
];

const reasonOf = new Map(reasons.flatMap(([kinds, reason]) => kinds.map((kind) => [kind, reason] as const)));

const notListed: Reason = {
  why:
    "it is not on the list of what a plug may do in its own schema: tables, indexes, sequences, views, types, domains, " +
    "SQL and PL/pgSQL functions, triggers, comments, and reading and writing data",
  fix: 'see "What a plug migration may contain" in the README',
};

/** Why a statement of `kind` that is not on the allow-list is refused. */
export function refusedStatement(kind: string, statement: TreeNode, schema: string): Objection {
  if (kind === "VariableSetStmt") return settingChange(statement, schema);
  return { what: statementWords(kind, statement), ...(reasonOf.get(kind) ?? notListed) };
}

/** SET, RESET and SET SESSION AUTHORIZATION: a role change, or a setting that outlives the statement. */
function settingChange(statement: TreeNode, schema: string): Objection {
  const name = String(statement.name ?? "");
  const verb = String(statement.kind).startsWith("VAR_RESET") ? "RESET" : statement.is_local ? "SET LOCAL" : "SET";
  const what =
    statement.kind === "VAR_RESET_ALL"
      ? "RESET ALL"
      : name === "session_authorization"
        ? `${verb} SESSION AUTHORIZATION`
        : `${verb} ${name === "role" ? "ROLE" : name}`;
  if (["role", "session_authorization"].includes(name) || statement.kind === "VAR_RESET_ALL") {
    return {
      what,
      why: `it changes the database role, and a plug's migration runs as ${schema} with that role's rights only`,
      fix: `remove it: the migration already runs as ${schema}`,
    };
  }
  if (["TRANSACTION", "SESSION CHARACTERISTICS"].includes(name)) {
    return { what: `SET ${name}`, why: "it changes the deployment's one migration transaction, or the app's session", fix: "remove it" };
  }
  return {
    what,
    why:
      "a setting outlives the statement: it would apply to the rest of the deployment's migration and, " +
      "unless LOCAL, to the app's sessions",
    fix:
      name === "search_path"
        ? `remove it: unqualified names already mean ${schema}, and other schemas' names can be qualified`
        : "remove it",
  };
}

/** `GrantStmt` → GRANT, `CreateForeignTableStmt` → CREATE FOREIGN TABLE. */
function statementWords(kind: string, statement: TreeNode): string {
  const special: Record<string, string> = {
    TransactionStmt: String(statement.kind ?? "")
      .replace(/^TRANS_STMT_/, "")
      .replace(/_/g, " "),
    GrantStmt: statement.is_grant ? "GRANT" : "REVOKE",
    GrantRoleStmt: statement.is_grant ? "GRANT role" : "REVOKE role",
    CreatedbStmt: "CREATE DATABASE",
    DropdbStmt: "DROP DATABASE",
    RuleStmt: "CREATE RULE",
    CreatePLangStmt: "CREATE LANGUAGE",
    CreateFdwStmt: "CREATE FOREIGN DATA WRAPPER",
    CreateEventTrigStmt: "CREATE EVENT TRIGGER",
    AlterObjectSchemaStmt: "ALTER ... SET SCHEMA",
    AlterOwnerStmt: "ALTER ... OWNER TO",
    DeclareCursorStmt: "DECLARE CURSOR",
    ClosePortalStmt: "CLOSE",
    SecLabelStmt: "SECURITY LABEL",
    CopyStmt: statement.is_program ? "COPY ... PROGRAM" : "COPY",
    DefineStmt: `CREATE ${objectWord(statement.kind)}`,
  };
  return (
    special[kind] ||
    kind
      .replace(/Stmt$/, "")
      .replace(/([a-z])([A-Z])/g, "$1 $2")
      .toUpperCase()
  );
}
