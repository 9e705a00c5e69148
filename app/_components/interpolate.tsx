import { Fragment, type ReactNode } from 'react';

/** A translated message whose `{placeholders}` are elements (a link, a <time>): the text around them kept as it is. */
export function interpolate(message: string, nodes: Record<string, ReactNode>): ReactNode[] {
  return message.split(/\{(\w+)\}/).map((part, i) => (i % 2 === 0 ? part : <Fragment key={part}>{part in nodes ? nodes[part] : `{${part}}`}</Fragment>));
}
