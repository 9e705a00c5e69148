import { getContent } from '@/lib/content';
import { postSummary } from '@/lib/pages';
import { href } from '@/lib/site';
import { PostList } from './_components/post-list';

export async function generateMetadata() {
  const { site } = await getContent();
  return { title: { absolute: `Page not found · ${site.title}` }, description: `This page is not on ${site.title}.`, robots: { index: false } };
}

export default async function NotFound() {
  const { site, posts } = await getContent();
  return (
    <>
      <h1>Page not found</h1>
      <p>
        There is nothing at this address. It may have moved, or the link may have a typo. Try the <a href={href(site, '/')}>home page</a>,
        browse <a href={href(site, '/tags/')}>posts by tag</a>, or read one of the latest posts:
      </p>
      <PostList posts={posts.slice(0, 3).map(postSummary)} site={site} />
    </>
  );
}
