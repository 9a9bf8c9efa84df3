# nhipcau's messages in English. Every id here is in locales/vi/nhipcau.ftl too, with the same
# variables (src/i18n.rs tests it). Commands and file names stay as typed: `nhipcau build`.

## Shared

help-label = help
error-label = error
warning-label = warning
unknown-language = unknown language { $asked }: use vi (tiếng Việt) or en (English)
io-cannot-access = cannot access this file: { $error }
io-not-found = it does not exist
io-permission-denied = permission denied
io-check-path = check that the path exists and is readable

## nhipcau build

build-failed = build failed with { $count ->
        [one] 1 error
       *[other] { $count } errors
    }; { $output } was left as it was, and nothing else was written

memory-stopped = stopped: rendering this page took more than { $mb } MB of memory
memory-stopped-help = look for a template loop that doubles or repeats text without end (e.g. `set s = s ~ s`)
build-failed-output-kept = build failed; the previous output was left as it was

## nhipcau check

check-summary = check: { $errors ->
        [one] 1 error
       *[other] { $errors } errors
    }, { $warnings ->
        [one] 1 warning
       *[other] { $warnings } warnings
    }
check-failed = check failed
check-external-start = check: { $links } external links, { $at_once } at a time, { $timeout } s timeout
check-external-done = check: { $checked } external links checked, { $broken } broken
check-template-missing = template `{ $name }` does not exist
check-template-missing-help = create it in templates/ or the theme, or remove the `template` key
check-placeholder-title = the title is still the placeholder `nhipcau new` wrote
check-placeholder-text = the text is still the placeholder `nhipcau new` wrote
check-placeholder-help = write the real title and text, then delete the `draft = true` line to publish
check-image-no-alt = image { $url } has no alt text
check-img-tag-no-alt = an <img> tag has no alt text
check-no-alt-help = describe the image for people who cannot see it: ![mô tả ảnh](anh.png)
check-script = { $what } in the page's text: it will not run under the strict Content-Security-Policy the site is meant to be served with
check-script-help = raw HTML is passed through for trusted authors, but scripts belong in the theme (static/js/), never in content
check-script-element = a <script> element
check-script-handler = an inline event handler (onclick=…)
check-script-url = a javascript: URL
check-script-link = a javascript: link
check-no-description = page has no description
check-no-description-help = add description = "…" to the front matter: search results and shared links show it
check-empty-field = `{ $field }` is empty
check-empty-description-help = write one or two sentences for description = "…": search results and shared links show it
check-empty-province-help = name the province as it is now (after 1/7/2025), e.g. province = "Đồng Tháp"; if the source does not say, remove the line so the page says it is not stated
check-empty-source-help = name the document the facts come from (e.g. the plan and its section); a page without a source cannot be checked by citizens
check-broken-link = broken link: { $target } is not a page, section or file of this site
check-broken-link-help = link to a page of the site by its address (e.g. /ho-tro/) or its file (@/ho-tro/_index.md); check the spelling against content/
check-missing-image = image { $target } is not a file of this site
check-missing-image-help = put the image in static/ (then write /anh.png) or beside the page in its folder, and check the spelling

## nhipcau new

new-path-help = give the { $what } a path below content/, e.g. `nhipcau new { $what } ho-tro/nguoi-khuyet-tat`
new-campaign-no-letters = the campaign name { $name } has no letters or digits
new-campaign-no-letters-help = name it in words, e.g. nhipcau new campaign "Tháng hành động vì trẻ em 2027"
new-exists = this file already exists
new-exists-help = choose another name; nhipcau new never overwrites
new-created = Created { $file }
new-draft-comment = Delete the draft line when the page is ready to publish
new-expires-comment = the day the page stops showing (the campaign's end)
new-centre-comment = Fill in only what a source states; leave the rest out.
new-centre-not-utf8 = this file is not valid UTF-8 text, so no centre was added and the file was left as it was
new-save-utf8-help = save it as UTF-8 (in most editors: Save As → Encoding → UTF-8), then run the command again
new-centre-not-toml = this file is not valid TOML ({ $error }), so no centre was added and the file was left as it was
new-centre-not-toml-help = fix the file first (`nhipcau check` shows where), then run the command again
new-centre-no-letters = the centre name { $name } has no letters or digits
new-centre-no-letters-help = give the centre's full name, e.g. "Trung tâm Công tác xã hội tỉnh Đồng Tháp"
new-centre-not-list = `centres` in this file is not a list of [[centres]] tables, so no centre was added
new-centre-not-list-help = keep each centre as a [[centres]] table
new-centre-exists = a centre with slug `{ $slug }` already exists
new-centre-exists-help = edit that row instead
new-centre-would-break = adding the row would break the file; it was left as it was
new-centre-not-landed = the new row did not land in the [[centres]] list; the file was left as it was
new-centre-not-landed-help = make sure the file's last table is a [[centres]] row or the file has no other tables after them
new-centre-added = Added { $name } to { $file }: fill in province and source before publishing

## nhipcau init

init-not-empty = this folder exists and is not empty
init-not-empty-help = choose a new folder name
init-created = Created a new site in { $dir }. Read { $readme } first; build it with:
      nhipcau build --root { $dir }
    and preview it with:
      nhipcau serve --root { $dir }

init-config-header = nhipcau site settings. README.md in this folder explains each step; the nhipcau README explains every key.
init-config-base-url = The address the site will be published at (a sub-folder works too).
init-config-hotlines = The "Cần giúp ngay" band on every page: national hotlines. Add your province's own numbers only from an official source.
init-config-menu = The main menu: the name shown and the page it opens.
init-config-feedback = A contact for reporting a problem on a page, shown only when set (remove the # and fill in):
init-readme =
    # Your new site

    This folder is a website made with nhipcau. Everything you write is in `content/`, in
    Markdown files; the site's name, menu and hotlines are in `config.toml`.

    ## Write

    - Each `.md` file in `content/` is a page. It starts with settings between two `+++` lines
      (title, description), then the text.
    - A new page: `nhipcau new page ho-tro/nguoi-cao-tuoi`. It starts as a draft: delete the line
      `draft = true` when it is ready to publish.
    - A campaign: `nhipcau new campaign "Ngày Công tác xã hội Việt Nam 2027"`.
    - Pictures go in `static/` (then write `![mô tả ảnh](/anh.png)`), always with a description.

    ## Check, preview, publish

    - `nhipcau check` lists what to fix, with the file and line.
    - `nhipcau serve` shows the site at http://127.0.0.1:1111 and reloads it as you save.
    - `nhipcau build` writes the whole site into `public/`. Upload everything in `public/` to any
      web host; it works in a sub-folder too.

    Messages are in Vietnamese or English: `--lang vi` or `--lang en`.

## Reading the site's files

did-you-mean-key = did you mean `{ $key }`?
valid-keys = valid keys are: { $keys }
toml-syntax = { $detail }
toml-syntax-help = fix the TOML syntax or value type at this position
unknown-key = unknown key `{ $key }`
toml-curly-quotes = the quotes here are curly (“ ”), as Word and some editors type them; TOML needs straight quotes: { $fixed }
toml-date-order = write dates as year-month-day, without quotes: { $fixed }
front-matter-missing = missing front matter: the file must start with a line `+++`
front-matter-missing-help = start the file with `+++`, then `title = "…"`, then a closing `+++` line
front-matter-unclosed = front matter is not closed: no second `+++` line
front-matter-unclosed-help = add a line containing only `+++` after the front matter
date-without-day = `{ $key }` has a time but no date
date-without-day-help = write { $key } = 2025-03-25 (year-month-day)
not-utf8 = this file is not valid UTF-8 text
not-utf8-help = save the file as UTF-8 (in most editors: Save As → Encoding → UTF-8)
empty-slug = this page has an empty slug
empty-slug-help = give the file a name with letters or digits, or set `slug = "…"` in the front matter
no-title = this page has no title
no-title-help = add `title = "…"` to the front matter: it is the page's heading, its browser tab name and its search result
path-unpublishable = `{ $key }` { $written } cannot be published: { $why }
path-unpublishable-help = use a path inside the site made of letters, digits and dashes, e.g. "/ho-tro/tre-em/"

## Stage lines of a build

stage-load = load:   { $pages ->
        [one] 1 page
       *[other] { $pages } pages
    }, { $sections ->
        [one] 1 section
       *[other] { $sections } sections
    }, { $taxonomies ->
        [one] 1 taxonomy
       *[other] { $taxonomies } taxonomies
    }, { $static_files ->
        [one] 1 static file
       *[other] { $static_files } static files
    }{ $scheduled } ({ $time })
stage-scheduled-one = , 1 page scheduled for { $day }
stage-scheduled-many = , { $count } pages scheduled (the first for { $first })
stage-render = render: { $pages } HTML pages, feeds and sitemap ({ $time })
stage-index = index:  { $documents } search documents → { $files } files, { $kb } KB ({ $time })
stage-write = write:  { $files } files, { $mb } MB → { $output } ({ $time })
stage-done = done in { $time }

## Links between pages

broken-internal-link = broken internal link: no page or section `{ $file }` in content/
broken-internal-link-help = internal links name a file below content/, e.g. `@/ke-hoach/_index.md`
broken-anchor = broken anchor: `{ $target }` has no heading with id `{ $anchor }`

base-url-flag-help = pass --base-url with the published address, e.g. https://example.gov.vn/ctxh/

## nhipcau serve

serve-listening = Serving http://{ $addr }/ (Ctrl+C to stop)
serve-public-warning = serve: warning: listening on { $ip } — anyone on this network can open the preview, drafts included; use --bind 127.0.0.1 unless that is what you want
serve-stopped-cleanup = serve: stopped; removed the preview copy in { $dir }
serve-catching-up = rebuilt { $count } page(s); catching up on listings and search in the background
serve-rebuilt = rebuilt: { $pages } pages
serve-no-browser = serve: could not open a browser; visit { $url }
serve-last-good = serve: still serving the last good build
serve-overlay-heading = The new build failed — the page shows the last good build:
serve-stopped = serve stopped: { $error }
serve-stopped-help = is the port already in use? try --port 0
## What a build may read and write (src/sandbox.rs)

path-empty = the path is empty
path-absolute = it is an absolute path
path-control-character = it contains the control character { $code }
path-bad-character = it contains `{ $character }`, which cannot be part of a file path on every host
path-empty-segment = it has an empty segment (`//`)
path-dot-segment = it contains `{ $segment }`, which would lead outside its folder
path-trailing-dot-or-space = the segment `{ $segment }` ends with a dot or a space, which Windows drops
output-refused = refusing to use { $output } as the output folder: { $why }
output-choose-help = choose a new or empty folder for --output (the default is public/ in the site)
output-is-root = it is the root of a file system
output-is-site = it is the site's own folder, with config.toml and content/
output-contains-site = the site ({ $site }) is inside it
output-in-source-folder = it is the site's { $folder }/ folder or inside it: a build would replace the site's own files
output-is-home = it is your home folder
output-is-file = it is a file, not a folder
output-is-file-help = choose a folder for --output, or move that file away
output-holds-other-files = it already holds files that nhipcau did not write (it has no { $marker } file), and a build replaces the whole folder
output-holds-other-files-help = choose a new or empty folder; if that folder is an old build output you no longer need, delete it yourself once
read-not-inside = `{ $path }` is not a path inside the site (it must stay below { $base })
read-not-inside-help = use a relative path without `..`, e.g. "data/centres.toml"
read-link-outside = this links to { $target }, outside { $base }
read-link-outside-help = a site publishes only its own files: copy the file into the site instead of linking to it
read-not-regular = this is not a regular file (a pipe, socket or device), so it is not read
read-not-regular-help = replace it with an ordinary file
read-link-loop = symbolic link loop: this link points to a folder that contains it
read-link-loop-help = remove the link or make it point to a real folder
read-permission-denied = nhipcau may not read this (permission denied)
read-permission-denied-help = check the permissions of this file or folder
read-link-dangling = this symbolic link points to nothing
read-link-dangling-help = remove the link or make it point to a file in the site
read-failed = cannot read this: { $error }
read-failed-help = check that it exists and is readable

## config.toml

config-missing-help = run `nhipcau build` in a site folder (one with config.toml) or pass --root DIR; `nhipcau init DIR` makes a new site
config-kind-prior-not-positive = [search] kind_prior: `{ $entry }` is not a positive number
config-kind-prior-help = 1 is neutral; use e.g. 1.5 to lift a kind of page, 0.8 to lower it
base-url-help = use the address the site will be published at, e.g. "https://example.gov.vn/ctxh/"
base-url-not-absolute = base_url `{ $url }` is not an absolute URL
base-url-bad-character = base_url { $url } contains { $character }, which a web address cannot hold as it is
base-url-bad-character-help = { $help }; write other characters percent-encoded (a space is %20)
base-url-no-host = base_url `{ $url }` has no host name
theme-not-found = theme `{ $name }` not found: no folder { $folder }
theme-not-found-help = put the theme in themes/{ $name }/ or set theme = "{ $builtin }"
taxonomy-name-no-letters = the taxonomy name { $name } has no letters or digits, so it has no URL
taxonomy-name-no-letters-help = name it with words, e.g. taxonomies = [{"{"} name = "doi-tuong" {"}"}]
taxonomy-term-no-letters = the { $taxonomy } term { $term } has no letters or digits, so it has no URL
taxonomy-term-no-letters-help = write the term with words, e.g. "Trẻ em"
taxonomy-not-declared = taxonomy `{ $name }` is not declared in config.toml
taxonomy-not-declared-help = add taxonomies = [{"{"} name = "{ $name }" {"}"}] to config.toml

## Data files (data/)

data-bad-json = invalid JSON: { $detail }
data-bad-json-help = fix the JSON syntax at this position
data-unsupported-type = unsupported data file type `.{ $ext }`
data-unsupported-type-help = data files can be .toml, .json or .csv
data-bad-csv-header = cannot read the CSV header: { $detail }
data-bad-csv-row = bad CSV row: { $detail }
data-bad-csv-row-help = every row needs { $count } fields, like the header
data-csv-unequal-fields = CSV error: record { $record } (line: { $line }, byte: { $byte }): found record with { $found } fields, but the previous record has { $expected } fields

## Two sources for one output file (src/load/claims.rs)

claim-clash = { $here } would be written to { $path }, which { $there } already claims
claim-clash-help = give one of them another `slug`, `path` or alias, or rename the file
# A part of a source file, as the one whose file is named: "this page".
claim-this = this { $what }
# A part of another source file, named with its file: "the page content/a.md".
claim-that = the { $what } { $file }
# A file nhipcau makes itself: "nhipcau's sitemap".
claim-nhipcau = nhipcau's { $what }
claim-section = section
claim-section-pagers = section's later listing pages
claim-section-feed = section's feed
claim-section-alias = section's alias
claim-page = page
claim-page-alias = page's alias
claim-page-file = page file
claim-taxonomy-list = config's taxonomy list
claim-taxonomy-terms = config's taxonomy term pages
claim-static-file = static file
claim-term-pagers = taxonomy term listing
claim-term-feed = taxonomy term feed
claim-not-found = not-found page
claim-sitemap = sitemap
claim-robots = robots.txt
claim-output-marker = output marker
claim-search-index = search index (search/)

## Writing the output (src/write/)

staging-unwritable-help = nhipcau builds next to the output folder: that folder must be writable
staging-commit-failed-help = the new site is complete but could not replace the old one; check permissions
staging-output-not-folder = the output path exists and is not a folder
staging-output-not-folder-help = choose another --output or remove that file
write-refused = refusing to write `{ $path }`: { $why }
write-refused-help = a page's `path`, `slug` or alias, or a file name in content/ or static/, must stay inside the output folder
write-twice = two parts of the site are written to the same file `{ $path }`
write-twice-help = run `nhipcau check` to see which pages, aliases, taxonomies or static files claim it, and rename one

## Search (src/index/)

synonyms-missing-help = fix `synonyms` under [search] in config.toml, or create the file
# { $phrase } is the phrase in quotes, as written.
synonym-no-words = synonym { $phrase } has no words to search for
synonym-problem = synonym { $detail }
synonym-no-words-help = write words (letters or digits) in each phrase, or remove it
extra-value-expected = [extra] { $key } must be { $expected }
keywords-expected = a list of words and phrases: keywords = ["người già", "trợ cấp"]
search-weight-expected = a positive number: 1 is neutral, 2 lifts the page, 0.5 lowers it
search-index-failed = cannot build the search index: { $error }

## nhipcau check --external

external-link-broken = external link { $url } is broken: { $problem }
external-link-broken-help = fix or remove the link; if the site is only down for now, check again later
external-link-timeout = no answer within { $seconds } s
external-host-not-found = host not found
external-connection-failed = connection failed

## Templates and data pages

template-error-detail = template error ({ $kind }): { $detail }
template-error = template error: { $kind }
template-while-rendering = { " " }(while rendering { $name })
template-too-big = template `{ $name }` produced more than { $mb } MB for one page, so it was stopped
template-too-big-help = look for a loop that repeats or doubles text without end
template-bad-date-help = write dates as year-month-day, e.g. 2026-03-25, where this value comes from (front matter, [extra] or a data file)
template-unknown-function-help = available functions: get_page, get_section, get_taxonomy, get_taxonomy_url, get_url, load_data and minijinja's built-ins
template-unknown-filter-help = available filters: date_vi, rfc3339, absolute_urls, markdown, slugify and minijinja's built-ins
template-not-found-help = create the template in the site's templates/ folder or in the theme
template-syntax-help = fix the template syntax at this line (minijinja follows Jinja2)
template-out-of-fuel-help = this template runs too many steps for one page: look for loops nested too deep or without end
template-check-help = check the template at this line
template-rendering-file = { " " }(rendering { $file })
template-load-data-failed = load_data(path="{ $path }") failed: { $problem }{ $help }
template-cannot-read = cannot read { $file }: { $error }
template-refused = template `{ $name }`: { $why }
template-bad-date = invalid date `{ $text }` given to { $filter }: expected a real date like 2026-03-25 or 2026-03-25T08:00:00
builtin-theme-templates = the built-in theme's templates
lookup-not-found = no { $what } `{ $path }` { $hint }
lookup-page = page
lookup-section = section
lookup-taxonomy = taxonomy
lookup-term = { $taxonomy } term
lookup-page-or-section = page or section
render-job-label = { $source } (template { $template })
render-taxonomy-job = the taxonomy { $name }
unknown-error = unknown error
share-image-failed = share image for { $path }: { $error }
share-image-failed-help = the template must be valid SVG 1200×630
share-image-no-memory = cannot allocate the image
data-no-list = data file has no `{ $key }` list
data-no-list-help = add [[{ $key }]] entries, or fix `key` in config.toml's [[data_pages]]
data-not-rows = data pages need a list of rows
data-not-rows-help = use [[name]] tables in TOML, an array in JSON, or a CSV file
data-row-not-table = row { $row } is not a table
data-row-no-title = row { $row } has no `{ $field }` (the field that gives each page its title)
data-row-no-title-help = add the field to the row, or change `title` in config.toml's [[data_pages]]
data-row-bad-draft = row { $row } has draft = { $value }, which is neither true nor false
data-row-bad-draft-help = write draft = true to hold the row back, or remove the field
data-row-bad-date = row { $row } has { $key } = { $value }, which is not a date
data-row-bad-date-help = write { $key } as year-month-day, e.g. 2026-03-25

## nhipcau search

search-build-first-help = build the site first: nhipcau build
search-cannot-open = cannot open the search index: { $error }
search-rebuild-help = rebuild the site: nhipcau build
search-failed = search failed: { $error }
search-did-you-mean = Did you mean: { $suggestion }
search-no-results = No results.
print-failed = cannot print the answer: { $error }
search-call-now = Need help now? Call:
search-see-help = See { $title }: { $path }
search-count = { $count ->
    [one] 1 result
   *[other] { $count } results
}
search-count-near = { $count ->
    [one] 1 result (near matches)
   *[other] { $count } results (near matches)
}

## The command line (src/cmd/cli.rs): each command's and option's help

cli = nhipcau: static sites for Vietnamese public-information portals, with search in the browser.
cli-quiet = Print only errors.
cli-lang = The language of messages: vi (tiếng Việt) or en (English). Default: NHIPCAU_LANG, else the system's language.
cli-help-flag = Print help.
cli-version-flag = Print the version.
cli-heading-usage = Usage:
cli-heading-commands = Commands
cli-heading-arguments = Arguments
cli-heading-options = Options
cli-default = (default: { $value })
cli-command-value = COMMAND
cli-options-placeholder = [OPTIONS]
cli-more-help = For the commands and their options: nhipcau --help (or nhipcau COMMAND --help)
cli-unknown-argument = unknown option `{ $arg }`
cli-unknown-command = unknown command `{ $command }`
cli-missing-argument = missing: { $arg }
cli-missing-command = say which command to run
cli-invalid-value = `{ $value }` is not a valid value for { $arg }
cli-conflict = { $arg } cannot be used together with { $other }
cli-wrong-values = wrong number of values for { $arg }
cli-invalid = this command line cannot be read
cli-build = Build the site into a folder of static files.
cli-build-root = The site folder (with config.toml).
cli-build-output = Where to write the site; relative paths are below --root.
cli-build-base-url = Override config.toml's base_url (e.g. for a preview host).
cli-build-drafts = Include drafts and pages dated in the future.
cli-check = Check config, front matter, links and anchors, templates, images without alt text and pages without a description. Exits non-zero on any error (and on warnings with --strict).
cli-check-root = The site folder (with config.toml).
cli-check-strict = Treat warnings (e.g. a page without a description) as errors.
cli-check-external = Also request every external http(s) link (8 at a time, 10 s timeout each).
cli-init = Create a new site: config.toml, README.md, a home page, an about page and a help section.
cli-init-dir = Folder to create (must be empty or not exist).
cli-new = Create a page, a section, a campaign page or a centre row, with the right front matter.
cli-new-root = The site folder (with config.toml).
cli-new-page = A page: PATH below content/, e.g. ho-tro/nguoi-khuyet-tat (".md" is added).
cli-new-page-path = Where the page goes, below content/.
cli-new-page-title = The page's title (without it, a placeholder that check flags until it is replaced).
cli-new-section = A section: PATH below content/, e.g. tin-tuc (creates PATH/_index.md).
cli-new-section-path = Where the section goes, below content/.
cli-new-section-title = The section's title (without it, a placeholder that check flags until it is replaced).
cli-new-campaign = A dated campaign page in content/chien-dich/: NAME is its title ("Tháng hành động vì trẻ em 2027") or its file name (ngay-ctxh-2027); the file is named by its slug.
cli-new-campaign-name = The campaign's title or file name.
cli-new-campaign-title = The campaign's title, when NAME is a file name.
cli-new-centre = A new row in data/centres.toml with every known field, empty where unknown.
cli-new-centre-name = The centre's name.
cli-search = Search the built site's index (run `nhipcau build` first).
cli-search-query = What to search for; diacritics are optional ("dong thap" finds "Đồng Tháp").
cli-search-root = The site folder.
cli-search-output = The built site (default: ROOT/public).
cli-search-kind = Only results of this kind: plan, centre, help, campaign, explainer, other.
cli-search-province = Only results about this province (current or pre-2025 name).
cli-search-limit = How many results.
cli-search-json = Print the results as JSON.
cli-serve = Build, serve on 127.0.0.1, rebuild on every change and reload the browser.
cli-serve-root = The site folder (with config.toml).
cli-serve-port = Port to listen on (0 picks a free one).
cli-serve-bind = Address to listen on. Only change it on a trusted network.
cli-serve-drafts = Include drafts and pages dated in the future.
cli-serve-open = Open the site in the default browser.
