import { getContent } from '@/lib/content';
import { siteTranslator } from '@/lib/i18n';
import { layoutView } from '@/lib/pages';
import { href } from '@/lib/site';
import { Frame } from '../_components/frame';
import { pageMetadata } from '../_components/metadata';

export async function generateMetadata() {
  const { site } = await getContent();
  const t = siteTranslator(site);
  return pageMetadata(site, { title: t('tags'), description: t('tagsDescription', { site: site.title }), path: '/tags/' });
}

/** Every tag, by name, with its number of posts. */
export default async function Tags() {
  const content = await getContent();
  const { tags, site } = content;
  const t = siteTranslator(site);
  return (
    <Frame layout={layoutView(content)} path="/tags/">
      <h1>{t('tags')}</h1>
      <ul className="tag-index">
        {tags.map((tag) => (
          <li key={tag.slug}>
            <a href={href(site, `/tags/${tag.slug}/`)}>
              <span className="tag-name">
                <span aria-hidden="true">#</span>
                {tag.name}
              </span>{' '}
              <span className="count">{t('postCount', { n: tag.posts.length })}</span>
            </a>
          </li>
        ))}
      </ul>
    </Frame>
  );
}
