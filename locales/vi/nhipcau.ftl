# Thông báo của nhipcau bằng tiếng Việt. Mỗi mã ở đây cũng có trong locales/en/nhipcau.ftl, với
# cùng các biến (src/i18n.rs kiểm tra điều này). Lệnh và tên tệp giữ nguyên: `nhipcau build`.

## Chung

help-label = gợi ý
error-label = lỗi
warning-label = cảnh báo
unknown-language = không có ngôn ngữ { $asked }: dùng vi (tiếng Việt) hoặc en (English)
io-cannot-access = không mở được tệp này: { $error }
io-not-found = không tìm thấy
io-permission-denied = không có quyền truy cập
io-check-path = kiểm tra xem đường dẫn có tồn tại và đọc được không

## nhipcau build

build-failed = tạo trang không thành công: { $count } lỗi; thư mục { $output } được giữ nguyên, không có gì khác bị ghi

memory-stopped = đã dừng: dựng trang này tốn hơn { $mb } MB bộ nhớ
memory-stopped-help = tìm vòng lặp trong mẫu nhân đôi hoặc lặp lại văn bản không dừng (ví dụ `set s = s ~ s`)
build-failed-output-kept = tạo trang không thành công; thư mục kết quả trước đó được giữ nguyên

## nhipcau check

check-summary = kiểm tra: { $errors } lỗi, { $warnings } cảnh báo
check-failed = kiểm tra không đạt
check-external-start = kiểm tra: { $links } liên kết ngoài, { $at_once } liên kết cùng lúc, chờ tối đa { $timeout } giây mỗi liên kết
check-external-done = kiểm tra: đã thử { $checked } liên kết ngoài, { $broken } liên kết hỏng
check-template-missing = không có mẫu giao diện (template) `{ $name }`
check-template-missing-help = tạo mẫu này trong templates/ hoặc trong theme, hoặc xóa khóa `template`
check-placeholder-title = tiêu đề vẫn là chữ tạm do `nhipcau new` ghi
check-placeholder-text = nội dung vẫn là chữ tạm do `nhipcau new` ghi
check-placeholder-help = viết tiêu đề và nội dung thật, rồi xóa dòng `draft = true` để đăng trang
check-image-no-alt = ảnh { $url } chưa có mô tả (alt)
check-img-tag-no-alt = thẻ <img> chưa có mô tả (alt)
check-no-alt-help = mô tả ảnh cho người không nhìn thấy được: ![mô tả ảnh](anh.png)
check-script = { $what } trong nội dung trang: mã này sẽ không chạy khi trang được phục vụ với Content-Security-Policy chặt chẽ như thiết kế
check-script-help = HTML thô được giữ nguyên cho tác giả đáng tin cậy, nhưng mã script thuộc về theme (static/js/), không đặt trong nội dung
check-script-element = thẻ <script>
check-script-handler = trình xử lý sự kiện viết ngay trong thẻ (onclick=…)
check-script-url = địa chỉ javascript:
check-script-link = liên kết javascript:
check-no-description = trang chưa có mô tả (description)
check-no-description-help = thêm description = "…" vào phần đầu trang (front matter): kết quả tìm kiếm và liên kết chia sẻ hiển thị phần này
check-empty-field = `{ $field }` đang để trống
check-empty-description-help = viết một hai câu cho description = "…": kết quả tìm kiếm và liên kết chia sẻ hiển thị phần này
check-empty-province-help = ghi tên tỉnh hiện nay (sau 1/7/2025), ví dụ province = "Đồng Tháp"; nếu nguồn không ghi, hãy xóa dòng này để trang tự ghi là chưa có thông tin
check-empty-source-help = ghi văn bản nguồn của thông tin (ví dụ kế hoạch và mục của nó); trang không có nguồn thì người dân không kiểm chứng được
check-broken-link = liên kết hỏng: { $target } không phải là trang, mục hay tệp nào của trang web này
check-broken-link-help = liên kết tới một trang bằng địa chỉ của nó (ví dụ /ho-tro/) hoặc bằng tệp của nó (@/ho-tro/_index.md); kiểm tra lại chính tả so với thư mục content/
check-missing-image = ảnh { $target } không có trong trang web này
check-missing-image-help = đặt ảnh vào static/ (rồi viết /anh.png) hoặc cạnh trang trong thư mục của trang, và kiểm tra lại chính tả

## nhipcau new

new-path-help = đặt cho { $what } một đường dẫn bên trong content/, ví dụ `nhipcau new { $what } ho-tro/nguoi-khuyet-tat`
new-campaign-no-letters = tên chiến dịch { $name } không có chữ cái hay chữ số nào
new-campaign-no-letters-help = đặt tên bằng chữ, ví dụ nhipcau new campaign "Tháng hành động vì trẻ em 2027"
new-exists = tệp này đã có
new-exists-help = chọn tên khác; nhipcau new không bao giờ ghi đè tệp đã có
new-created = Đã tạo { $file }
new-draft-comment = Xóa dòng draft khi trang đã sẵn sàng đăng
new-expires-comment = ngày trang thôi hiển thị (hết chiến dịch)
new-centre-comment = Chỉ điền những gì nguồn ghi rõ; để trống phần còn lại.
new-centre-not-utf8 = tệp này không phải văn bản UTF-8, nên chưa thêm cơ sở nào và tệp được giữ nguyên
new-save-utf8-help = lưu tệp dưới dạng UTF-8 (trong đa số trình soạn thảo: Lưu thành → Mã hóa → UTF-8), rồi chạy lại lệnh
new-centre-not-toml = tệp này không đúng cú pháp TOML ({ $error }), nên chưa thêm cơ sở nào và tệp được giữ nguyên
new-centre-not-toml-help = sửa tệp trước (`nhipcau check` chỉ ra chỗ sai), rồi chạy lại lệnh
new-centre-no-letters = tên cơ sở { $name } không có chữ cái hay chữ số nào
new-centre-no-letters-help = ghi tên đầy đủ của cơ sở, ví dụ "Trung tâm Công tác xã hội tỉnh Đồng Tháp"
new-centre-not-list = `centres` trong tệp này không phải danh sách các bảng [[centres]], nên chưa thêm cơ sở nào
new-centre-not-list-help = ghi mỗi cơ sở thành một bảng [[centres]]
new-centre-exists = đã có cơ sở với slug `{ $slug }`
new-centre-exists-help = hãy sửa dòng đó thay vì thêm mới
new-centre-would-break = thêm dòng này sẽ làm hỏng tệp; tệp được giữ nguyên
new-centre-not-landed = dòng mới không nằm trong danh sách [[centres]]; tệp được giữ nguyên
new-centre-not-landed-help = bảo đảm bảng cuối cùng của tệp là một dòng [[centres]], hoặc sau các cơ sở không còn bảng nào khác
new-centre-added = Đã thêm { $name } vào { $file }: điền tỉnh (province) và nguồn (source) trước khi đăng

## nhipcau init

init-not-empty = thư mục này đã có và không trống
init-not-empty-help = chọn một tên thư mục mới
init-created = Đã tạo trang web mới trong { $dir }. Hãy đọc { $readme } trước; tạo trang bằng lệnh:
      nhipcau build --root { $dir }
    và xem trước bằng lệnh:
      nhipcau serve --root { $dir }

init-config-header = Cài đặt trang web nhipcau. Tệp README.md trong thư mục này hướng dẫn từng bước; README của nhipcau giải thích mọi khóa.
init-config-base-url = Địa chỉ trang web sẽ được đăng (đăng trong một thư mục con cũng được).
init-config-hotlines = Dải "Cần giúp ngay" trên mọi trang: các đường dây nóng quốc gia. Chỉ thêm số của tỉnh khi có nguồn chính thức.
init-config-menu = Trình đơn chính: tên hiển thị và trang được mở.
init-config-feedback = Liên hệ để báo lỗi trên trang, chỉ hiển thị khi được điền (xóa dấu # rồi điền):
init-readme =
    # Trang web mới của bạn

    Thư mục này là một trang web tạo bằng nhipcau. Mọi nội dung bạn viết nằm trong `content/`,
    dưới dạng tệp Markdown; tên trang web, trình đơn và đường dây nóng nằm trong `config.toml`.

    ## Viết nội dung

    - Mỗi tệp `.md` trong `content/` là một trang. Tệp bắt đầu bằng phần cài đặt giữa hai dòng
      `+++` (tiêu đề, mô tả), sau đó là nội dung.
    - Trang mới: `nhipcau new page ho-tro/nguoi-cao-tuoi`. Trang mới là bản nháp: xóa dòng
      `draft = true` khi trang đã sẵn sàng đăng.
    - Chiến dịch: `nhipcau new campaign "Ngày Công tác xã hội Việt Nam 2027"`.
    - Ảnh đặt trong `static/` (rồi viết `![mô tả ảnh](/anh.png)`), luôn kèm mô tả.

    ## Kiểm tra, xem trước, đăng

    - `nhipcau check` liệt kê những chỗ cần sửa, kèm tên tệp và số dòng.
    - `nhipcau serve` mở trang web tại http://127.0.0.1:1111 và tự tải lại mỗi khi bạn lưu.
    - `nhipcau build` ghi toàn bộ trang web vào `public/`. Tải mọi thứ trong `public/` lên bất kỳ
      máy chủ web nào; đăng trong thư mục con cũng được.

    Thông báo bằng tiếng Việt hoặc tiếng Anh: `--lang vi` hoặc `--lang en`.

## Đọc các tệp của trang web

did-you-mean-key = có phải ý bạn là `{ $key }`?
valid-keys = các khóa hợp lệ: { $keys }
toml-syntax = phần cài đặt không đúng cú pháp TOML ({ $detail })
toml-syntax-help = sửa cú pháp TOML hoặc kiểu giá trị tại vị trí này
unknown-key = khóa không hợp lệ `{ $key }`
toml-curly-quotes = dấu ngoặc kép ở đây là dấu cong (“ ”), như Word và một số trình soạn thảo tự gõ; TOML cần dấu thẳng: { $fixed }
toml-date-order = viết ngày theo thứ tự năm-tháng-ngày, không có dấu ngoặc kép: { $fixed }
front-matter-missing = thiếu phần đầu trang (front matter): tệp phải bắt đầu bằng một dòng `+++`
front-matter-missing-help = bắt đầu tệp bằng `+++`, tiếp theo là `title = "…"`, rồi một dòng `+++` để đóng
front-matter-unclosed = phần đầu trang (front matter) chưa được đóng: thiếu dòng `+++` thứ hai
front-matter-unclosed-help = thêm một dòng chỉ có `+++` sau phần đầu trang
date-without-day = `{ $key }` có giờ nhưng không có ngày
date-without-day-help = viết { $key } = 2025-03-25 (năm-tháng-ngày)
not-utf8 = tệp này không phải văn bản UTF-8
not-utf8-help = lưu tệp dưới dạng UTF-8 (trong đa số trình soạn thảo: Lưu thành → Mã hóa → UTF-8)
empty-slug = trang này có slug rỗng
empty-slug-help = đặt tên tệp có chữ cái hoặc chữ số, hoặc ghi `slug = "…"` trong phần đầu trang
no-title = trang này chưa có tiêu đề
no-title-help = thêm `title = "…"` vào phần đầu trang (front matter): đó là tiêu đề của trang, tên thẻ trình duyệt và kết quả tìm kiếm
path-unpublishable = không thể đăng `{ $key }` { $written }: { $why }
path-unpublishable-help = dùng một đường dẫn bên trong trang web gồm chữ cái, chữ số và dấu gạch ngang, ví dụ "/ho-tro/tre-em/"

## Các dòng tóm tắt của một lần tạo trang

stage-load = đọc:    { $pages } trang, { $sections } mục, { $taxonomies } cách phân loại, { $static_files } tệp tĩnh{ $scheduled } ({ $time })
stage-scheduled-one = , 1 trang hẹn đăng ngày { $day }
stage-scheduled-many = , { $count } trang hẹn đăng (sớm nhất ngày { $first })
stage-render = dựng:   { $pages } trang HTML, bản tin (feed) và sơ đồ trang ({ $time })
stage-index = chỉ mục: { $documents } đoạn để tìm kiếm → { $files } tệp, { $kb } KB ({ $time })
stage-write = ghi:    { $files } tệp, { $mb } MB → { $output } ({ $time })
stage-done = xong sau { $time }

## Liên kết giữa các trang

broken-internal-link = liên kết nội bộ hỏng: không có trang hay mục `{ $file }` trong content/
broken-internal-link-help = liên kết nội bộ ghi tên một tệp trong content/, ví dụ `@/ke-hoach/_index.md`
broken-anchor = liên kết tới mục hỏng: `{ $target }` không có tiêu đề nào mang id `{ $anchor }`

base-url-flag-help = truyền --base-url với địa chỉ trang web sẽ được đăng, ví dụ https://example.gov.vn/ctxh/

## nhipcau serve

serve-listening = Đang phục vụ tại http://{ $addr }/ (bấm Ctrl+C để dừng)
serve-public-warning = serve: cảnh báo: đang mở trên { $ip } — bất kỳ ai trong mạng này đều xem được bản xem trước, kể cả bản nháp; dùng --bind 127.0.0.1 trừ khi bạn muốn vậy
serve-stopped-cleanup = serve: đã dừng; đã xóa bản xem trước trong { $dir }
serve-catching-up = đã dựng lại { $count } trang; đang cập nhật danh sách và tìm kiếm ở chế độ nền
serve-rebuilt = đã dựng lại: { $pages } trang
serve-no-browser = serve: không mở được trình duyệt; hãy mở { $url }
serve-last-good = serve: vẫn đang phục vụ bản dựng tốt gần nhất
serve-overlay-heading = Bản dựng mới bị lỗi — trang đang hiện là bản dựng tốt gần nhất:
serve-stopped = serve đã dừng: { $error }
serve-stopped-help = cổng này có đang được dùng không? thử --port 0
## Những gì một lần tạo trang được đọc và ghi (src/sandbox.rs)

path-empty = đường dẫn để trống
path-absolute = đây là đường dẫn tuyệt đối (bắt đầu bằng /)
path-control-character = đường dẫn chứa ký tự điều khiển { $code }
path-bad-character = đường dẫn chứa `{ $character }`, ký tự không dùng được trong tên tệp trên một số máy chủ
path-empty-segment = đường dẫn có một đoạn trống (`//`)
path-dot-segment = đường dẫn chứa `{ $segment }`, sẽ dẫn ra ngoài thư mục của nó
path-trailing-dot-or-space = đoạn `{ $segment }` kết thúc bằng dấu chấm hoặc dấu cách, Windows sẽ bỏ mất ký tự này
output-refused = nhipcau từ chối dùng { $output } làm thư mục kết quả: { $why }
output-choose-help = chọn một thư mục mới hoặc trống cho --output (mặc định là thư mục public/ trong trang web)
output-is-root = đây là thư mục gốc của cả ổ đĩa
output-is-site = đây chính là thư mục của trang web, nơi có config.toml và content/
output-contains-site = trang web ({ $site }) nằm bên trong thư mục này
output-in-source-folder = đây là thư mục { $folder }/ của trang web hoặc nằm bên trong nó: tạo trang sẽ thay thế chính các tệp của trang web
output-is-home = đây là thư mục cá nhân (home) của bạn
output-is-file = đây là một tệp, không phải thư mục
output-is-file-help = chọn một thư mục cho --output, hoặc chuyển tệp đó đi chỗ khác
output-holds-other-files = thư mục này đã có những tệp không do nhipcau ghi (không có tệp { $marker }), mà mỗi lần tạo trang sẽ thay thế cả thư mục
output-holds-other-files-help = chọn một thư mục mới hoặc trống; nếu đó là kết quả tạo trang cũ bạn không cần nữa, hãy tự xóa nó một lần
read-not-inside = `{ $path }` không phải đường dẫn bên trong trang web (phải nằm dưới { $base })
read-not-inside-help = dùng đường dẫn tương đối, không có `..`, ví dụ "data/centres.toml"
read-link-outside = tệp này là liên kết tới { $target }, nằm ngoài { $base }
read-link-outside-help = trang web chỉ đăng các tệp của chính nó: hãy sao chép tệp vào trong trang web thay vì tạo liên kết
read-not-regular = đây không phải tệp thông thường (mà là pipe, socket hoặc thiết bị), nên không được đọc
read-not-regular-help = thay nó bằng một tệp thông thường
read-link-loop = liên kết tượng trưng (symbolic link) bị vòng lặp: liên kết này trỏ tới một thư mục chứa chính nó
read-link-loop-help = xóa liên kết hoặc cho nó trỏ tới một thư mục thật
read-permission-denied = nhipcau không có quyền đọc mục này
read-permission-denied-help = kiểm tra quyền truy cập của tệp hoặc thư mục này
read-link-dangling = liên kết tượng trưng (symbolic link) này không trỏ tới đâu cả
read-link-dangling-help = xóa liên kết hoặc cho nó trỏ tới một tệp trong trang web
read-failed = không đọc được mục này: { $error }
read-failed-help = kiểm tra xem nó có tồn tại và đọc được không

## config.toml

config-missing-help = chạy `nhipcau build` trong thư mục của trang web (thư mục có config.toml) hoặc thêm --root THƯ_MỤC; `nhipcau init THƯ_MỤC` tạo một trang web mới
config-kind-prior-not-positive = [search] kind_prior: `{ $entry }` không phải là số dương
config-kind-prior-help = 1 là mức trung bình; ví dụ dùng 1.5 để đưa một loại trang lên cao hơn, 0.8 để hạ xuống
base-url-help = ghi địa chỉ mà trang web sẽ được đăng, ví dụ "https://example.gov.vn/ctxh/"
base-url-not-absolute = base_url `{ $url }` không phải là địa chỉ web đầy đủ (phải bắt đầu bằng https://, http:// hoặc /)
base-url-bad-character = base_url { $url } chứa { $character }, ký tự mà địa chỉ web không thể chứa nguyên dạng
base-url-bad-character-help = { $help }; các ký tự khác phải viết ở dạng mã hóa phần trăm (dấu cách là %20)
base-url-no-host = base_url `{ $url }` thiếu tên máy chủ (tên miền)
theme-not-found = không tìm thấy giao diện (theme) `{ $name }`: không có thư mục { $folder }
theme-not-found-help = đặt giao diện vào themes/{ $name }/ hoặc ghi theme = "{ $builtin }"
taxonomy-name-no-letters = tên phân loại (taxonomy) { $name } không có chữ cái hay chữ số nào, nên không có địa chỉ trang
taxonomy-name-no-letters-help = đặt tên bằng chữ, ví dụ taxonomies = [{"{"} name = "doi-tuong" {"}"}]
taxonomy-term-no-letters = mục { $term } của phân loại { $taxonomy } không có chữ cái hay chữ số nào, nên không có địa chỉ trang
taxonomy-term-no-letters-help = viết mục bằng chữ, ví dụ "Trẻ em"
taxonomy-not-declared = phân loại (taxonomy) `{ $name }` chưa được khai báo trong config.toml
taxonomy-not-declared-help = thêm taxonomies = [{"{"} name = "{ $name }" {"}"}] vào config.toml

## Tệp dữ liệu (data/)

data-bad-json = tệp JSON không hợp lệ: { $detail }
data-bad-json-help = sửa cú pháp JSON tại vị trí này
data-unsupported-type = không hỗ trợ loại tệp dữ liệu `.{ $ext }`
data-unsupported-type-help = tệp dữ liệu phải là .toml, .json hoặc .csv
data-bad-csv-header = không đọc được dòng tiêu đề của tệp CSV: { $detail }
data-bad-csv-row = dòng CSV bị sai: { $detail }
data-bad-csv-row-help = mỗi dòng cần có { $count } cột, giống dòng tiêu đề
data-csv-unequal-fields = bản ghi { $record } (dòng { $line }, byte { $byte }) có { $found } cột, nhưng bản ghi trước có { $expected } cột

## Hai nguồn cùng ghi vào một tệp kết quả (src/load/claims.rs)

claim-clash = { $here } sẽ được ghi vào { $path }, nhưng { $there } đã dùng tệp đó
claim-clash-help = đổi `slug`, `path` hoặc alias của một trong hai, hoặc đổi tên tệp
# Một phần của tệp nguồn đang được báo lỗi: "trang này".
claim-this = { $what } này
# Một phần của tệp nguồn khác, kèm tên tệp: "trang content/a.md".
claim-that = { $what } { $file }
# Tệp do nhipcau tự tạo: "sơ đồ trang (sitemap) của nhipcau".
claim-nhipcau = { $what } của nhipcau
claim-section = mục
claim-section-pagers = các trang danh sách tiếp theo của mục
claim-section-feed = nguồn tin (feed) của mục
claim-section-alias = địa chỉ phụ (alias) của mục
claim-page = trang
claim-page-alias = địa chỉ phụ (alias) của trang
claim-page-file = tệp kèm trang
claim-taxonomy-list = danh sách phân loại (taxonomy) trong cấu hình
claim-taxonomy-terms = các trang mục phân loại trong cấu hình
claim-static-file = tệp tĩnh (static)
claim-term-pagers = danh sách của mục phân loại
claim-term-feed = nguồn tin (feed) của mục phân loại
claim-not-found = trang báo không tìm thấy (404)
claim-sitemap = sơ đồ trang (sitemap)
claim-robots = tệp robots.txt
claim-output-marker = tệp đánh dấu thư mục kết quả
claim-search-index = chỉ mục tìm kiếm (search/)

## Ghi kết quả (src/write/)

staging-unwritable-help = nhipcau tạo trang ngay cạnh thư mục kết quả: thư mục chứa nó phải ghi được
staging-commit-failed-help = trang web mới đã tạo xong nhưng không thay được bản cũ; kiểm tra quyền ghi
staging-output-not-folder = đường dẫn kết quả đã có và không phải là thư mục
staging-output-not-folder-help = chọn --output khác hoặc xóa tệp đó đi
write-refused = nhipcau từ chối ghi `{ $path }`: { $why }
write-refused-help = `path`, `slug` hay alias của trang, hoặc tên tệp trong content/ hay static/, phải nằm bên trong thư mục kết quả
write-twice = hai phần của trang web cùng được ghi vào một tệp `{ $path }`
write-twice-help = chạy `nhipcau check` để xem những trang, alias, phân loại hay tệp tĩnh nào cùng dùng tệp này, rồi đổi tên một trong số đó

## Tìm kiếm (src/index/)

synonyms-missing-help = sửa `synonyms` trong phần [search] của config.toml, hoặc tạo tệp này
# { $phrase } là cụm từ trong dấu ngoặc kép, đúng như đã viết.
synonym-no-words = cụm từ đồng nghĩa { $phrase } không có từ nào để tìm
synonym-problem = từ đồng nghĩa: { $detail }
synonym-no-words-help = mỗi cụm từ phải có chữ (chữ cái hoặc chữ số), nếu không thì xóa cụm đó đi
extra-value-expected = [extra] { $key } phải là { $expected }
keywords-expected = một danh sách từ và cụm từ: keywords = ["người già", "trợ cấp"]
search-weight-expected = một số dương: 1 là bình thường, 2 đưa trang lên cao hơn, 0.5 hạ trang xuống
search-index-failed = không tạo được chỉ mục tìm kiếm: { $error }

## nhipcau check --external

external-link-broken = liên kết ngoài { $url } bị hỏng: { $problem }
external-link-broken-help = sửa hoặc xóa liên kết; nếu trang đó chỉ tạm thời không truy cập được, hãy kiểm tra lại sau
external-link-timeout = không có phản hồi trong { $seconds } giây
external-host-not-found = không tìm thấy máy chủ
external-connection-failed = không kết nối được

## Mẫu giao diện và trang dữ liệu

template-error-detail = lỗi mẫu giao diện ({ $kind }): { $detail }
template-error = lỗi mẫu giao diện: { $kind }
template-while-rendering = { " " }(khi dựng { $name })
template-too-big = mẫu `{ $name }` tạo ra hơn { $mb } MB cho một trang nên đã bị dừng
template-too-big-help = tìm vòng lặp lặp lại hoặc nhân đôi văn bản không dừng
template-bad-date-help = viết ngày theo năm-tháng-ngày, ví dụ 2026-03-25, ở nơi giá trị này được ghi (phần đầu trang, [extra] hoặc tệp dữ liệu)
template-unknown-function-help = các hàm có sẵn: get_page, get_section, get_taxonomy, get_taxonomy_url, get_url, load_data và các hàm có sẵn của minijinja
template-unknown-filter-help = các bộ lọc có sẵn: date_vi, rfc3339, absolute_urls, markdown, slugify và các bộ lọc có sẵn của minijinja
template-not-found-help = tạo mẫu này trong thư mục templates/ của trang web hoặc trong theme
template-syntax-help = sửa cú pháp mẫu tại dòng này (minijinja theo cú pháp Jinja2)
template-out-of-fuel-help = mẫu này chạy quá nhiều bước cho một trang: tìm vòng lặp lồng quá sâu hoặc không dừng
template-check-help = kiểm tra mẫu tại dòng này
template-rendering-file = { " " }(khi dựng { $file })
template-load-data-failed = load_data(path="{ $path }") không thành công: { $problem }{ $help }
template-cannot-read = không đọc được { $file }: { $error }
template-refused = mẫu giao diện `{ $name }`: { $why }
template-bad-date = ngày không hợp lệ `{ $text }` đưa cho { $filter }: cần một ngày có thật, ví dụ 2026-03-25 hoặc 2026-03-25T08:00:00
builtin-theme-templates = các mẫu giao diện có sẵn
lookup-not-found = không có { $what } `{ $path }` { $hint }
lookup-page = trang
lookup-section = mục
lookup-taxonomy = cách phân loại
lookup-term = mục phân loại { $taxonomy }
lookup-page-or-section = trang hay mục
render-job-label = { $source } (mẫu giao diện { $template })
render-taxonomy-job = cách phân loại { $name }
unknown-error = lỗi không rõ
share-image-failed = ảnh chia sẻ của { $path }: { $error }
share-image-failed-help = mẫu phải là SVG hợp lệ, cỡ 1200×630
share-image-no-memory = không đủ bộ nhớ để tạo ảnh
data-no-list = tệp dữ liệu không có danh sách `{ $key }`
data-no-list-help = thêm các mục [[{ $key }]], hoặc sửa `key` trong [[data_pages]] của config.toml
data-not-rows = trang dữ liệu cần một danh sách các dòng
data-not-rows-help = dùng các bảng [[tên]] trong TOML, một mảng trong JSON, hoặc một tệp CSV
data-row-not-table = dòng { $row } không phải là một bảng
data-row-no-title = dòng { $row } không có `{ $field }` (trường cho mỗi trang tiêu đề của nó)
data-row-no-title-help = thêm trường này vào dòng, hoặc đổi `title` trong [[data_pages]] của config.toml
data-row-bad-draft = dòng { $row } có draft = { $value }, không phải true cũng không phải false
data-row-bad-draft-help = viết draft = true để giữ dòng lại chưa đăng, hoặc xóa trường này
data-row-bad-date = dòng { $row } có { $key } = { $value }, không phải là ngày
data-row-bad-date-help = viết { $key } theo năm-tháng-ngày, ví dụ 2026-03-25

## nhipcau search

search-build-first-help = hãy tạo trang trước: nhipcau build
search-cannot-open = không mở được chỉ mục tìm kiếm: { $error }
search-rebuild-help = tạo lại trang: nhipcau build
search-failed = tìm kiếm không thành công: { $error }
search-did-you-mean = Có phải bạn muốn tìm: { $suggestion }
search-no-results = Không có kết quả.
print-failed = không in được kết quả: { $error }
search-call-now = Cần giúp ngay? Gọi:
search-see-help = Xem { $title }: { $path }
search-count = { $count } kết quả
search-count-near = { $count } kết quả (gần đúng)

## Dòng lệnh (src/cmd/cli.rs): trợ giúp của từng lệnh và tùy chọn

cli = nhipcau: tạo trang web tĩnh cho cổng thông tin công cộng bằng tiếng Việt, có tìm kiếm ngay trong trình duyệt.
cli-quiet = Chỉ in lỗi.
cli-lang = Ngôn ngữ của thông báo: vi (tiếng Việt) hoặc en (English). Mặc định: NHIPCAU_LANG, nếu không có thì theo ngôn ngữ của máy.
cli-help-flag = In trợ giúp.
cli-version-flag = In phiên bản.
cli-heading-usage = Cách dùng:
cli-heading-commands = Lệnh
cli-heading-arguments = Đối số
cli-heading-options = Tùy chọn
cli-default = (mặc định: { $value })
cli-command-value = LỆNH
cli-options-placeholder = [TÙY CHỌN]
cli-more-help = Xem các lệnh và tùy chọn: nhipcau --help (hoặc nhipcau LỆNH --help)
cli-unknown-argument = không có tùy chọn `{ $arg }`
cli-unknown-command = không có lệnh `{ $command }`
cli-missing-argument = còn thiếu: { $arg }
cli-missing-command = hãy cho biết lệnh cần chạy
cli-invalid-value = `{ $value }` không phải là giá trị hợp lệ cho { $arg }
cli-conflict = không dùng { $arg } cùng với { $other } được
cli-wrong-values = số giá trị cho { $arg } không đúng
cli-invalid = không đọc được dòng lệnh này
cli-build = Tạo trang web thành một thư mục tệp tĩnh.
cli-build-root = Thư mục của trang web (có config.toml).
cli-build-output = Nơi ghi trang web; đường dẫn tương đối tính từ --root.
cli-build-base-url = Dùng địa chỉ này thay cho base_url trong config.toml (ví dụ khi đăng bản xem thử).
cli-build-drafts = Gồm cả bản nháp và các trang có ngày đăng trong tương lai.
cli-check = Kiểm tra config, phần đầu trang (front matter), liên kết và neo, mẫu giao diện, ảnh chưa có mô tả và trang chưa có description. Thoát với mã khác 0 khi có lỗi (và khi có cảnh báo nếu dùng --strict).
cli-check-root = Thư mục của trang web (có config.toml).
cli-check-strict = Coi cảnh báo (ví dụ trang chưa có description) là lỗi.
cli-check-external = Thử mở cả mọi liên kết http(s) ra ngoài (8 liên kết cùng lúc, chờ tối đa 10 giây mỗi liên kết).
cli-init = Tạo một trang web mới: config.toml, README.md, trang chủ, trang giới thiệu và mục hỗ trợ.
cli-init-dir = Thư mục sẽ tạo (phải trống hoặc chưa có).
cli-new = Tạo một trang, một mục, một trang chiến dịch hoặc một dòng cơ sở, với phần đầu trang đúng mẫu.
cli-new-root = Thư mục của trang web (có config.toml).
cli-new-page = Một trang: PATH trong content/, ví dụ ho-tro/nguoi-khuyet-tat (tự thêm ".md").
cli-new-page-path = Vị trí của trang, trong content/.
cli-new-page-title = Tiêu đề trang (nếu không ghi: chữ tạm, lệnh check sẽ nhắc cho đến khi được thay).
cli-new-section = Một mục: PATH trong content/, ví dụ tin-tuc (tạo PATH/_index.md).
cli-new-section-path = Vị trí của mục, trong content/.
cli-new-section-title = Tiêu đề mục (nếu không ghi: chữ tạm, lệnh check sẽ nhắc cho đến khi được thay).
cli-new-campaign = Một trang chiến dịch có ngày trong content/chien-dich/: NAME là tiêu đề ("Tháng hành động vì trẻ em 2027") hoặc tên tệp (ngay-ctxh-2027); tệp được đặt tên theo dạng không dấu của nó.
cli-new-campaign-name = Tiêu đề hoặc tên tệp của chiến dịch.
cli-new-campaign-title = Tiêu đề của chiến dịch, khi NAME là tên tệp.
cli-new-centre = Một dòng mới trong data/centres.toml với mọi trường đã biết, để trống chỗ chưa biết.
cli-new-centre-name = Tên cơ sở.
cli-search = Tìm trong chỉ mục của trang đã tạo (chạy `nhipcau build` trước).
cli-search-query = Từ cần tìm; có dấu hay không dấu đều được ("dong thap" tìm thấy "Đồng Tháp").
cli-search-root = Thư mục của trang web.
cli-search-output = Trang đã tạo (mặc định: ROOT/public).
cli-search-kind = Chỉ kết quả thuộc loại này: plan, centre, help, campaign, explainer, other.
cli-search-province = Chỉ kết quả về tỉnh này (tên hiện nay hoặc tên trước năm 2025).
cli-search-limit = Số kết quả.
cli-search-json = In kết quả dạng JSON.
cli-serve = Tạo trang, phục vụ trên 127.0.0.1, tạo lại sau mỗi thay đổi và tải lại trình duyệt.
cli-serve-root = Thư mục của trang web (có config.toml).
cli-serve-port = Cổng lắng nghe (0 để tự chọn một cổng trống).
cli-serve-bind = Địa chỉ lắng nghe. Chỉ đổi khi ở trong mạng tin cậy.
cli-serve-drafts = Gồm cả bản nháp và các trang có ngày đăng trong tương lai.
cli-serve-open = Mở trang web trong trình duyệt mặc định.
