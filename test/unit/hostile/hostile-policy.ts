/**
 * The policy the hostile-agent suites attack: SELECT-only SQL on a warehouse, PHI tables behind a
 * grant, GraphQL queries only. Anything that is not plainly a read must be refused.
 */
export const hostilePolicy = `
version: 1
defaults: { action: deny, status: 403, maskingProfile: strict }
rules:
  - id: phi-tables-need-grant
    match: { paths: ["/sql/**"], tables: [patients, notes, "phi.*"], tablesMatch: any }
    action: require_grant
    requireGrant: { otherwise: deny }
  - id: select-only
    match: { paths: ["/sql/**"], commands: ["sql:select"] }
    action: allow
  - id: graphql-queries
    match: { paths: ["/graphql"], commands: ["graphql:query"] }
    action: allow
`;

/** Routes per dialect; `/sql/any` reads every dialect (the default). */
export const dialectRoutes = {
  postgres: '/sql/pg',
  mysql: '/sql/my',
  tsql: '/sql/ms',
  sqlite: '/sql/lite',
  any: '/sql/any',
} as const;
export type RouteDialect = keyof typeof dialectRoutes;

export const hostileConfig = {
  authz: {
    sqlPaths: ['/sql/**'],
    graphqlPaths: ['/graphql'],
    sqlDialects: Object.entries(dialectRoutes).map(([dialect, path]) => ({ path, dialect })),
  },
};
