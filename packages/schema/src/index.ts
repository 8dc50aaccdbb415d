/**
 * Kinroom's GraphQL contract for TypeScript: the schema's types (enums, inputs, objects), and the dashboard's
 * operations as typed documents with `graphql()` to write new ones. Generated from `schema.graphql` by codegen.ts.
 */
export * from './generated/graphql';
export * from './generated/index';
