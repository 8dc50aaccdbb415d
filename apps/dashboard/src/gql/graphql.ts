/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** What a member of staff does, which decides what they may see and do. */
export type StaffRole =
  /** Manages users and centres and reads the access log; does not read children’s records. */
  | 'ADMIN'
  /** Runs a contact centre: watches its rooms live, books sessions, sees its flags. */
  | 'CENTRE_MANAGER'
  /** Another council system reading the council's records (never carers' identities). */
  | 'INTEGRATOR'
  /** Owns children's cases: agreements, transport, and each child's whole contact history. */
  | 'SOCIAL_WORKER'
  /** A contact supervisor (parenting practitioner) who runs sessions and writes observations. */
  | 'SUPERVISOR';

export type DemoUsersQueryVariables = Exact<{ [key: string]: never; }>;


export type DemoUsersQuery = { demoUsers: Array<{ id: string, name: string, role: StaffRole, email: string, councilName: string }> };

export type SignInAsDemoUserMutationVariables = Exact<{
  email: string;
}>;


export type SignInAsDemoUserMutation = { signInAsDemoUser: { token: string, expiresAt: string, user: { id: string, name: string, role: StaffRole } } };


export const DemoUsersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DemoUsers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"demoUsers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"councilName"}}]}}]}}]} as unknown as DocumentNode<DemoUsersQuery, DemoUsersQueryVariables>;
export const SignInAsDemoUserDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SignInAsDemoUser"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"email"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"signInAsDemoUser"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"email"},"value":{"kind":"Variable","name":{"kind":"Name","value":"email"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"token"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"role"}}]}}]}}]}}]} as unknown as DocumentNode<SignInAsDemoUserMutation, SignInAsDemoUserMutationVariables>;