import type { TagRef } from '@/lib/content';
import { formatDate } from '@/lib/format';
import type { PostSummary } from '@/lib/pages';
import { pagePath } from '@/lib/paginate';
import { href, type SiteConfig } from '@/lib/site';

/** A list of posts with date, description and tags. */
export function PostList({ posts, site }: { posts: PostSummary[]; site: SiteConfig }) {
  return (
    <ol className="post-list">
      {posts.map((post) => (
        <li key={post.path}>
          <article>
            <h2>
              <a href={href(site, post.path)}>{post.title}</a>
              <UnpublishedLabel status={post.unpublished} />
            </h2>
            <p className="meta">
              <time dateTime={post.date.toISOString()}>{formatDate(post.date, site.language)}</time>
              {' · '}
              {post.readingMinutes} min read
            </p>
            <p>{post.description}</p>
            <TagLinks tags={post.tags} site={site} />
          </article>
        </li>
      ))}
    </ol>
  );
}

/** `npm run dev` shows drafts and future posts; this says which they are (a production build has neither). */
export function UnpublishedLabel({ status }: { status?: 'draft' | 'future' }) {
  if (!status) return null;
  return <span className={`unpublished-label ${status}`}>{status === 'draft' ? 'Draft' : 'Scheduled'}</span>;
}

/** Tag links for a post. */
export function TagLinks({ tags, site }: { tags: TagRef[]; site: SiteConfig }) {
  if (!tags.length) return null;
  return (
    <ul className="tags" aria-label="Tags" data-pagefind-ignore>
      {tags.map((tag) => (
        <li key={tag.slug}>
          <a href={href(site, `/tags/${tag.slug}/`)}>#{tag.name}</a>
        </li>
      ))}
    </ul>
  );
}

/** Previous/next page links for a paginated list rooted at `base`. */
export function Pagination({ base, page, pageCount, site }: { base: string; page: number; pageCount: number; site: SiteConfig }) {
  if (pageCount <= 1) return null;
  return (
    <nav className="pagination" aria-label="Pages">
      {page > 1 ? (
        <a rel="prev" href={href(site, pagePath(base, page - 1))}>
          ← Newer posts
        </a>
      ) : (
        <span />
      )}
      <span>
        Page {page} of {pageCount}
      </span>
      {page < pageCount ? (
        <a rel="next" href={href(site, pagePath(base, page + 1))}>
          Older posts →
        </a>
      ) : (
        <span />
      )}
    </nav>
  );
}
