/**
 * The named AI crawlers the robots.txt presets know, checked against each operator's documentation in
 * 2026-11. Keep this the only list: `block-ai-training` disallows the `training` agents, `block-ai`
 * disallows every agent here. Search-engine crawlers (Googlebot, Bingbot, Applebot) are not AI crawlers
 * and are never listed.
 */
export const AI_CRAWLERS_CHECKED = '2026-11';

/** `training` collects text to train models; `retrieval` fetches pages to answer or index for an AI product. */
export type AiCrawlerPurpose = 'training' | 'retrieval';

export interface AiCrawler {
  /** The robots.txt user-agent token. */
  userAgent: string;
  operator: string;
  purpose: AiCrawlerPurpose;
  note: string;
}

/** Every known AI crawler, training first, each list sorted by token. */
export const AI_CRAWLERS: readonly AiCrawler[] = [
  { userAgent: 'AI2Bot', operator: 'Allen Institute for AI', purpose: 'training', note: 'collects open training data for the OLMo models' },
  { userAgent: 'Amazonbot', operator: 'Amazon', purpose: 'training', note: 'crawls for Amazon AI services; Amazon may use the data for model training' },
  { userAgent: 'anthropic-ai', operator: 'Anthropic', purpose: 'training', note: 'older Anthropic training token, still honoured' },
  { userAgent: 'Applebot-Extended', operator: 'Apple', purpose: 'training', note: 'token only: opts pages crawled by Applebot out of Apple Intelligence training' },
  { userAgent: 'Bytespider', operator: 'ByteDance', purpose: 'training', note: 'collects training data for ByteDance models (Doubao)' },
  { userAgent: 'CCBot', operator: 'Common Crawl', purpose: 'training', note: 'builds the Common Crawl corpus most open models train on' },
  { userAgent: 'ClaudeBot', operator: 'Anthropic', purpose: 'training', note: 'collects training data for Claude models' },
  { userAgent: 'cohere-training-data-crawler', operator: 'Cohere', purpose: 'training', note: 'collects training data for Cohere models' },
  { userAgent: 'Diffbot', operator: 'Diffbot', purpose: 'training', note: 'builds a knowledge graph sold for AI training' },
  { userAgent: 'FacebookBot', operator: 'Meta', purpose: 'training', note: 'collects public pages to train Meta speech and language models' },
  { userAgent: 'Google-Extended', operator: 'Google', purpose: 'training', note: 'token only: opts pages crawled by Googlebot out of Gemini training and grounding' },
  { userAgent: 'GPTBot', operator: 'OpenAI', purpose: 'training', note: 'collects training data for OpenAI models' },
  { userAgent: 'meta-externalagent', operator: 'Meta', purpose: 'training', note: 'collects training data for Meta Llama models' },
  { userAgent: 'PanguBot', operator: 'Huawei', purpose: 'training', note: 'collects training data for Huawei PanGu models' },
  { userAgent: 'Timpibot', operator: 'Timpi', purpose: 'training', note: 'builds an index sold for AI training' },
  { userAgent: 'Webzio-Extended', operator: 'Webz.io', purpose: 'training', note: 'token only: opts pages out of Webz.io data sold for AI training' },
  { userAgent: 'ChatGPT-User', operator: 'OpenAI', purpose: 'retrieval', note: 'fetches a page when a ChatGPT user asks for it' },
  { userAgent: 'Claude-SearchBot', operator: 'Anthropic', purpose: 'retrieval', note: 'indexes pages for search results in Claude' },
  { userAgent: 'Claude-User', operator: 'Anthropic', purpose: 'retrieval', note: 'fetches a page when a Claude user asks for it' },
  { userAgent: 'DuckAssistBot', operator: 'DuckDuckGo', purpose: 'retrieval', note: 'fetches pages to answer questions in DuckAssist' },
  { userAgent: 'meta-externalfetcher', operator: 'Meta', purpose: 'retrieval', note: 'fetches a page when a Meta AI user shares or asks for it' },
  { userAgent: 'MistralAI-User', operator: 'Mistral AI', purpose: 'retrieval', note: 'fetches a page when a Le Chat user asks for it' },
  { userAgent: 'OAI-SearchBot', operator: 'OpenAI', purpose: 'retrieval', note: 'indexes pages for ChatGPT search results; not used for training' },
  { userAgent: 'Perplexity-User', operator: 'Perplexity', purpose: 'retrieval', note: 'fetches a page when a Perplexity user asks for it' },
  { userAgent: 'PerplexityBot', operator: 'Perplexity', purpose: 'retrieval', note: 'indexes pages for Perplexity answers; not used for training' },
];

/** The user-agent tokens of the AI crawlers with the given purposes, in list order. */
export function aiCrawlerAgents(purposes: readonly AiCrawlerPurpose[]): string[] {
  return AI_CRAWLERS.filter((c) => purposes.includes(c.purpose)).map((c) => c.userAgent);
}
