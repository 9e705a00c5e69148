import { getContent } from '@/lib/content';
import { href } from '@/lib/site';
import { pageMetadata } from '../_components/metadata';

export async function generateMetadata() {
  const content = await getContent();
  return pageMetadata(content.site, { title: 'Tags', description: `Every tag on ${content.site.title}, with its posts.`, path: '/tags/' });
}

export default async function Tags() {
  const { tags, site } = await getContent();
  return (
    <>
      <h1>Tags</h1>
      <ul className="tag-index">
        {tags.map((tag) => (
          <li key={tag.slug}>
            <a href={href(site, `/tags/${tag.slug}/`)}>{tag.name}</a> <span className="count">({tag.posts.length})</span>
          </li>
        ))}
      </ul>
    </>
  );
}
