"""The rich-text feature lists, one per purpose: every RichTextField and RichTextBlock uses one.

Headings follow the page's outline (RGAA 9.1): a text right under the page's title may open
sections (h2), a text inside a section only sub-sections (h3), body text none.
"""

#: Short texts of a paragraph or two (the home page's welcome): no lists, no headings.
INLINE_FEATURES = ["bold", "italic", "link", "document-link"]
#: Body text of editorial pages and their blocks: paragraphs and lists.
TEXT_FEATURES = [*INLINE_FEATURES, "ol", "ul"]
#: Text inside a section of its own (the sections of an experience): may open sub-sections.
SECTION_FEATURES = ["h3", *TEXT_FEATURES]
#: Text right under a page's title (a survey's introduction and thanks): may open sections.
PAGE_TEXT_FEATURES = ["h2", "h3", *TEXT_FEATURES]
