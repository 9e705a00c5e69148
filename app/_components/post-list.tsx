import type { TagRef } from '@/lib/content';
import { formatDate } from '@/lib/format';
import { siteTranslator } from '@/lib/i18n';
import { pictureSources } from '@/lib/images';
import type { Cover, PostSummary } from '@/lib/pages';
import { pageNumbers, pagePath } from '@/lib/paginate';
import { href, type SiteConfig } from '@/lib/site';

/** A cover is shown 16:9 beside the text from 40rem up, above it on a phone. */
const COVER_SIZES = '(min-width: 40rem) 12rem, calc(100vw - 2.5rem)';

/** A post's cover in a list: decorative (the title says what the post is), its size set so nothing moves. */
function CoverPicture({ cover, site, eager }: { cover: Cover; site: SiteConfig; eager: boolean }) {
  const picture = cover.responsive ? pictureSources(site.basePath, cover.href, cover.width) : undefined;
  const img = (
    <img
      src={href(site, cover.href)}
      srcSet={picture?.srcSet}
      sizes={picture && COVER_SIZES}
      alt=""
      width={cover.width}
      height={cover.height}
      decoding="async"
      loading={eager ? 'eager' : 'lazy'}
      fetchPriority={eager ? 'high' : undefined}
    />
  );
  if (!picture) return <div className="post-card-cover">{img}</div>;
  return (
    <picture className="post-card-cover">
      {picture.sources.map((s) => (
        <source key={s.type} type={s.type} srcSet={s.srcSet} sizes={COVER_SIZES} />
      ))}
      {img}
    </picture>
  );
}

/** A separator between the items of a meta line: seen, not read out. */
export function Dot() {
  return <span aria-hidden="true"> · </span>;
}

/** The line under a post's title: its date and reading time. */
export function PostMeta({ post, site }: { post: Pick<PostSummary, 'date' | 'readingMinutes'>; site: SiteConfig }) {
  const t = siteTranslator(site);
  return (
    <p className="meta">
      <time dateTime={post.date.toISOString()}>{formatDate(post.date, site.language)}</time>
      <Dot />
      {t('readingTime', { n: post.readingMinutes })}
    </p>
  );
}

/** A list of posts: title, date, reading time, description, tags and cover. `eager` loads the first cover at once (it is in view). */
export function PostList({ posts, site, eager = false, heading = 'h2' }: { posts: PostSummary[]; site: SiteConfig; eager?: boolean; heading?: 'h2' | 'h3' }) {
  const Heading = heading;
  const firstCover = posts.findIndex((p) => p.cover);
  return (
    <ol className="post-list">
      {posts.map((post, i) => (
        <li key={post.path}>
          <article className={post.cover ? 'post-card has-cover' : 'post-card'}>
            <div className="post-card-text">
              <Heading>
                <a href={href(site, post.path)}>{post.title}</a>
                <UnpublishedLabel status={post.unpublished} site={site} />
              </Heading>
              <PostMeta post={post} site={site} />
              <p className="post-card-description">{post.description}</p>
              <TagLinks tags={post.tags} site={site} />
            </div>
            {post.cover ? <CoverPicture cover={post.cover} site={site} eager={eager && i === firstCover && i < 2} /> : null}
          </article>
        </li>
      ))}
    </ol>
  );
}

/** `npm run dev` shows drafts and future posts; this says which they are (a production build has neither). */
export function UnpublishedLabel({ status, site }: { status?: 'draft' | 'future'; site: SiteConfig }) {
  if (!status) return null;
  const t = siteTranslator(site);
  return <span className={`unpublished-label ${status}`}>{status === 'draft' ? t('draft') : t('scheduled')}</span>;
}

/** Tag links for a post. */
export function TagLinks({ tags, site }: { tags: TagRef[]; site: SiteConfig }) {
  if (!tags.length) return null;
  return (
    <ul className="tags" data-pagefind-ignore>
      {tags.map((tag) => (
        <li key={tag.slug}>
          <a href={href(site, `/tags/${tag.slug}/`)}>
            <span aria-hidden="true">#</span>
            {tag.name}
          </a>
        </li>
      ))}
    </ul>
  );
}

/** Pages of a list rooted at `base`: newer and older, and the page numbers (the first, the last, and those around this one). */
export function Pagination({ base, page, pageCount, site }: { base: string; page: number; pageCount: number; site: SiteConfig }) {
  if (pageCount <= 1) return null;
  const t = siteTranslator(site);
  return (
    <nav className="pagination" aria-label={t('pages')}>
      {page > 1 ? (
        <a className="pagination-step" rel="prev" href={href(site, pagePath(base, page - 1))}>
          <span aria-hidden="true">← </span>
          {t('newerPosts')}
        </a>
      ) : null}
      <ol>
        {pageNumbers(page, pageCount).map((n, i) =>
          n === 'gap' ? (
            <li key={`gap-${i}`} aria-hidden="true">
              …
            </li>
          ) : (
            <li key={n}>
              <a aria-current={n === page ? 'page' : undefined} aria-label={n === page ? t('pageOf', { n, count: pageCount }) : t('page', { n })} href={href(site, pagePath(base, n))}>
                {n}
              </a>
            </li>
          ),
        )}
      </ol>
      {page < pageCount ? (
        <a className="pagination-step" rel="next" href={href(site, pagePath(base, page + 1))}>
          {t('olderPosts')}
          <span aria-hidden="true"> →</span>
        </a>
      ) : null}
    </nav>
  );
}
