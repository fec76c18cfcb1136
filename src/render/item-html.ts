// The HTML body of a feed item: the article's dateline, lead image with caption and credit, then its content,
// right to left. The same bytes in every format.
import { escapeHtml, escapeHtmlText } from '../model/html'
import type { Article } from '../model/types'

/** An article's item HTML (its content is already sanitized when stored). */
export function itemContent(article: Article): string {
  let html = '<div dir="rtl" lang="ar">'
  if (article.dateline) html += `<p><strong>${escapeHtmlText(article.dateline)}</strong></p>`
  const image = article.image
  if (image) {
    const alt = escapeHtml(image.caption ?? article.title)
    const size = (image.width ? ` width="${image.width}"` : '') + (image.height ? ` height="${image.height}"` : '')
    const caption = [image.caption, image.credit].filter(Boolean).map((t) => escapeHtmlText(t ?? '')).join(' — ')
    html += `<figure><img src="${escapeHtml(image.url)}" alt="${alt}"${size}>`
    html += caption ? `<figcaption>${caption}</figcaption></figure>` : '</figure>'
  }
  return html + article.content + '</div>'
}

