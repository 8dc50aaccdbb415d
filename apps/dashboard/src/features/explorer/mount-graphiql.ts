import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { getIntrospectionQuery, type IntrospectionQuery } from 'graphql';
import type { Client } from 'graphql-ws';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
// Bundled with this chunk: GraphiQL's fonts are inlined in its CSS, so nothing is fetched from a CDN.
import 'graphiql/graphiql.min.css';
import './graphiql-overrides.css';

export interface ExplorerOptions {
  /** The signed-in user's token, read at each request so a renewed sign-in is picked up. */
  token: () => string | null;
  /** The dashboard's own graphql-ws client (it sends the token in `connection_init`), for subscriptions. */
  wsClient: Client;
  defaultQuery: string;
}

/**
 * The schema as this server describes it to the signed-in user, or null where it allows no introspection (in
 * production unless configured on). The explorer carries no copy of the schema: a bundle that did would publish
 * the whole schema from every server, whatever its introspection setting.
 */
async function introspect(
  fetcher: ReturnType<typeof createGraphiQLFetcher>,
): Promise<IntrospectionQuery | null> {
  try {
    const result = (await fetcher({
      query: getIntrospectionQuery(),
      operationName: 'IntrospectionQuery',
    })) as {
      data?: IntrospectionQuery | null;
    };
    return result.data?.__schema ? result.data : null;
  } catch {
    return null;
  }
}

/**
 * Mounts GraphiQL into `el`, talking to this Kinroom's own `/graphql` with the signed-in user's bearer token.
 * Resolves with the function that unmounts it. This module, React and GraphiQL load only when the explorer opens.
 * Without introspection, queries still run; only the docs and completion are missing.
 */
export async function mountGraphiQL(el: HTMLElement, options: ExplorerOptions): Promise<() => void> {
  const fetcher = createGraphiQLFetcher({
    url: new URL('/graphql', window.location.href).href,
    fetch: (input, init) => {
      const headers = new Headers(init?.headers);
      const t = options.token();
      if (t) headers.set('authorization', `Bearer ${t}`);
      return window.fetch(input, { ...init, headers });
    },
    wsClient: options.wsClient,
  });
  const schema = await introspect(fetcher);
  el.classList.add('kinroom-explorer');
  const labels = labelEditors(el);
  const root = createRoot(el);
  root.render(
    createElement(GraphiQL, {
      fetcher,
      schema,
      defaultQuery: options.defaultQuery,
      // The token never shows in (or is saved from) the headers editor; tabs live only as long as the browser
      // tab, like the sign-in itself, because responses can hold children's records.
      shouldPersistHeaders: false,
      showPersistHeadersSettings: false,
      storage: window.sessionStorage,
      forcedTheme: 'light',
      defaultEditorToolsVisibility: false,
    }),
  );
  return () => {
    labels.disconnect();
    root.unmount();
  };
}

function editorName(cm: Element): string {
  if (cm.closest('.graphiql-query-editor')) return 'Query editor';
  if (cm.closest('.graphiql-response')) return 'Response (read only)';
  const tool = cm.closest('.graphiql-editor-tool');
  if (tool) {
    const editors = [...tool.querySelectorAll(':scope > .graphiql-editor')];
    return editors.indexOf(cm.parentElement!) === 0 ? 'Variables editor' : 'Headers editor';
  }
  return 'Editor';
}

/**
 * CodeMirror 5 (inside GraphiQL 3) leaves its input textarea without a label and its scroll area out of the tab
 * order. Both are put right as GraphiQL renders editors, so screen-reader and keyboard users can use every editor
 * and scroll a long response.
 */
function labelEditors(el: HTMLElement): MutationObserver {
  const apply = () => {
    for (const cm of el.querySelectorAll('.CodeMirror')) {
      const name = editorName(cm);
      const input = cm.querySelector('textarea');
      if (input && input.getAttribute('aria-label') !== name) input.setAttribute('aria-label', name);
      const scroll = cm.querySelector<HTMLElement>('.CodeMirror-scroll');
      // CodeMirror gives its scroller tabindex -1; a long query or response must be scrollable from the keyboard.
      if (scroll && scroll.tabIndex < 0) {
        scroll.tabIndex = 0;
        scroll.setAttribute('role', 'region');
        scroll.setAttribute('aria-label', `${name}, scrolling area`);
      }
    }
  };
  let queued = false;
  const observer = new MutationObserver(() => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      apply();
    });
  });
  observer.observe(el, { childList: true, subtree: true });
  return observer;
}
