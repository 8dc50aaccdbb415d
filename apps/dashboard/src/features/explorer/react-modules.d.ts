/**
 * The explorer mounts GraphiQL, a React component, inside the Vue app. React ships no types of its own and the
 * dashboard needs only these two calls, so they are declared here rather than adding @types/react.
 */
declare module 'react' {
  export function createElement(type: unknown, props?: Record<string, unknown> | null): unknown;
}

declare module 'react-dom/client' {
  export interface Root {
    render(node: unknown): void;
    unmount(): void;
  }
  export function createRoot(container: Element): Root;
}
