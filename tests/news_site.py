"""Test helper: a small Vietnamese news site served on 127.0.0.1 (never any other address).

The articles are short pages written for these tests. The site has a home page announcing an
RSS feed, a robots.txt that disallows /noi-bo/ and names a sitemap index, nested sitemaps
(one month old, one current, one index inside the index), and the pages a collector must
survive: one answering 429 (Retry-After: 1) before 200, one answering 500 forever, one that
answers too late, a redirect loop, a redirect to an article already listed, a PDF behind a
page-like URL, a huge page sent without Content-Length, an article in Windows-1258 declared
only in the HTTP header, and a football report (not about drugs). Every request is logged
with its arrival time, path and User-Agent.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from vi_encodings import cp1258

PAGE = """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{title} - Báo Mẫu</title>
<meta property="article:published_time" content="{date}T07:30:00+07:00">
</head><body>
<nav><a href="/">Trang chủ</a> | <a href="/phap-luat/">Pháp luật</a> | <a href="/the-thao/">Thể thao</a></nav>
<article><h1>{title}</h1>
<p class="date">{date}</p>
{paragraphs}
</article>
<footer>Báo Mẫu - Cơ quan ngôn luận mẫu. Giấy phép số 00/GP.</footer>
</body></html>
"""

ARTICLES = {
    "/phap-luat/bat-giu-2-doi-tuong-van-chuyen-heroin.html": (
        "2026-11-28", "Bắt giữ 2 đối tượng vận chuyển 6 bánh heroin qua biên giới Việt - Lào",
        ["Ngày 27/11, Công an tỉnh Sơn La phối hợp với Bộ đội Biên phòng tỉnh bắt quả tang 2 đối tượng "
         "đang vận chuyển 6 bánh heroin từ Lào về Việt Nam.",
         "Theo cơ quan điều tra, các đối tượng nhận vận chuyển ma túy thuê với giá 20 triệu đồng mỗi bánh. "
         "Vụ án đang được mở rộng điều tra."]),
    "/phap-luat/viet-nam-campuchia-hop-tac-phong-chong-ma-tuy.html": (
        "2026-11-27", "Việt Nam và Campuchia tăng cường hợp tác phòng, chống ma túy",
        ["Sáng 26/11, tại Hà Nội, Bộ Công an Việt Nam và Bộ Nội vụ Campuchia tổ chức hội nghị đánh giá "
         "kết quả hợp tác phòng, chống ma túy năm 2026.",
         "Hai bên thống nhất tăng cường trao đổi thông tin, phối hợp điều tra các đường dây mua bán ma túy "
         "xuyên biên giới."]),
    "/phap-luat/triet-pha-duong-day-ma-tuy-tong-hop.html": (
        "2026-11-25", "Triệt phá đường dây mua bán ma túy tổng hợp, thu giữ 12 kg ma túy đá",
        ["Công an TP Hồ Chí Minh vừa triệt phá đường dây mua bán trái phép chất ma túy, bắt giữ 5 đối tượng, "
         "thu giữ 12 kg ma túy đá và 3.000 viên thuốc lắc.",
         "Các đối tượng khai nhận đã mua ma túy từ một người nước ngoài rồi chia nhỏ bán lại."]),
    "/phap-luat/tam-giu-doi-tuong-tang-tru-ma-tuy.html": (
        "2026-11-24", "Tạm giữ đối tượng tàng trữ trái phép chất ma túy",
        ["Công an huyện Mộc Châu đã tạm giữ một đối tượng về hành vi tàng trữ trái phép chất ma túy, "
         "thu giữ 50 gam heroin.", "Vụ việc đang được điều tra làm rõ."]),
    "/the-thao/doi-tuyen-viet-nam-thang-thai-lan.html": (
        "2026-11-26", "Đội tuyển Việt Nam thắng Thái Lan 2-1 trên sân Mỹ Đình",
        ["Tối qua, đội tuyển Việt Nam đã có chiến thắng thuyết phục trước Thái Lan trong trận đấu thuộc "
         "vòng loại World Cup.", "Huấn luyện viên trưởng hài lòng với tinh thần thi đấu của các cầu thủ."]),
    "/phap-luat/hai-quan-phat-hien-ma-tuy-trong-xe-tai.html": (
        "2026-11-20", "Hải quan Lạng Sơn phát hiện 30.000 viên ma túy tổng hợp giấu trong xe tải",
        ["Cục Hải quan tỉnh Lạng Sơn phối hợp với Công an tỉnh phát hiện 30.000 viên ma túy tổng hợp "
         "giấu trong thùng xe tải chở hàng qua cửa khẩu.", "Tài xế đã bị tạm giữ để điều tra."]),
    "/phap-luat/quang-tri-bat-doi-tuong-van-chuyen-ma-tuy.html": (
        "2025-01-05", "Quảng Trị: bắt đối tượng vận chuyển 5.000 viên ma túy",
        ["Bộ đội Biên phòng tỉnh Quảng Trị bắt giữ một đối tượng vận chuyển 5.000 viên ma túy tổng hợp "
         "qua cửa khẩu Lao Bảo.", "Đối tượng khai nhận được thuê mang ma túy từ Lào về."]),
    "/noi-bo/bao-cao-tuan.html": (
        "2026-11-28", "Báo cáo nội bộ", ["Trang nội bộ, không dành cho máy thu thập."]),
}
CP1258_PAGE = "/phap-luat/hai-quan-phat-hien-ma-tuy-trong-xe-tai.html"
A_PAGE = "/phap-luat/bat-giu-2-doi-tuong-van-chuyen-heroin.html"
THROTTLED = "/phap-luat/tam-giu-doi-tuong-tang-tru-ma-tuy.html"
BROKEN = "/phap-luat/loi-may-chu.html"
SLOW = "/phap-luat/trang-cham.html"
LOOP = "/vong-lap/a"
MOVED = "/bai-cu/123"
PDF = "/tai-lieu/bao-cao-2026"
PICTURE = "/anh/thu-giu-heroin.jpg"
HUGE = "/chuyen-de/toan-van.html"
OLD = "/phap-luat/quang-tri-bat-doi-tuong-van-chuyen-ma-tuy.html"
FOOTBALL = "/the-thao/doi-tuyen-viet-nam-thang-thai-lan.html"
DISALLOWED = "/noi-bo/bao-cao-tuan.html"
SLOW_SECONDS = 3.0
HUGE_BYTES = 3 * 1024 * 1024
DISCOVERY = ("/robots.txt", "/", "/rss/phap-luat.rss", "/sitemap_index.xml", "/sitemaps/2026-11.xml",
             "/sitemaps/2025-01.xml", "/sitemaps/chuyen-muc.xml", "/sitemaps/chuyen-muc-1.xml")


def page(path: str) -> str:
    """The HTML of one article of the site."""
    date, title, paragraphs = ARTICLES[path]
    return PAGE.format(title=title, date=date, paragraphs="\n".join(f"<p>{p}</p>" for p in paragraphs))


def _rss(base: str) -> str:
    items = [(A_PAGE, "Sat, 28 Nov 2026 07:30:00 +0700"),
             ("/phap-luat/viet-nam-campuchia-hop-tac-phong-chong-ma-tuy.html", "Fri, 27 Nov 2026 09:00:00 +0700"),
             (THROTTLED, "Tue, 24 Nov 2026 10:00:00 +0700"), (DISALLOWED, "Sat, 28 Nov 2026 08:00:00 +0700"),
             (OLD, "Sun, 05 Jan 2025 08:00:00 +0700"), (PICTURE, "Sat, 28 Nov 2026 08:00:00 +0700")]
    body = "".join(f"<item><title>Tin {i}</title><link>{base}{path}</link><pubDate>{date}</pubDate></item>"
                   for i, (path, date) in enumerate(items))
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Báo Mẫu - Pháp luật</title>'
            f"<link>{base}/</link><description>Tin pháp luật</description>{body}</channel></rss>")


def _urlset(base: str, entries: list[tuple[str, str]]) -> str:
    urls = "".join(f"<url><loc>{base}{path}</loc><news:news><news:publication_date>{date}"
                   f"</news:publication_date></news:news></url>" for path, date in entries)
    return ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>')


def _index(base: str, entries: list[tuple[str, str]]) -> str:
    maps = "".join(f"<sitemap><loc>{base}{path}</loc><lastmod>{date}</lastmod></sitemap>" for path, date in entries)
    return ('<?xml version="1.0" encoding="UTF-8"?><sitemapindex '
            f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{maps}</sitemapindex>')


@dataclass
class Hit:
    """One request the site received."""

    at: float
    path: str
    agent: str


@dataclass
class NewsSite:
    """The running site: its base URL and the requests it received."""

    base: str = ""
    hits: list[Hit] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def routes(self) -> dict[str, tuple[int, dict[str, str], bytes]]:
        """Every fixed answer of the site: path → (status, headers, body)."""
        b = self.base
        html = {"Content-Type": "text/html; charset=utf-8"}
        xml = {"Content-Type": "application/xml; charset=utf-8"}
        out = {path: (200, html, page(path).encode("utf-8")) for path in ARTICLES}
        out[CP1258_PAGE] = (200, {"Content-Type": "text/html; charset=windows-1258"},
                            cp1258(page(CP1258_PAGE).replace('<meta charset="utf-8">', "")))
        home = ('<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Báo Mẫu</title>'
                '<link rel="alternate" type="application/rss+xml" title="Pháp luật" href="/rss/phap-luat.rss">'
                '</head><body><h1>Báo Mẫu</h1><a href="/phap-luat/">Pháp luật</a></body></html>')
        out["/"] = (200, html, home.encode("utf-8"))
        robots = f"User-agent: *\nDisallow: /noi-bo/\n\nSitemap: {b}/sitemap_index.xml\n"
        out["/robots.txt"] = (200, {"Content-Type": "text/plain"}, robots.encode())
        out["/rss/phap-luat.rss"] = (200, {"Content-Type": "application/rss+xml"}, _rss(b).encode("utf-8"))
        out["/sitemap_index.xml"] = (200, xml, _index(b, [("/sitemaps/2026-11.xml", "2026-11-29T10:00:00+07:00"),
                                                          ("/sitemaps/2025-01.xml", "2025-01-31"),
                                                          ("/sitemaps/chuyen-muc.xml", "2026-11-29")]).encode())
        out["/sitemaps/chuyen-muc.xml"] = (200, xml, _index(b, [("/sitemaps/chuyen-muc-1.xml", "2026-11-29")]).encode())
        out["/sitemaps/chuyen-muc-1.xml"] = (200, xml, _urlset(b, [(CP1258_PAGE, "2026-11-20")]).encode())
        out["/sitemaps/2025-01.xml"] = (200, xml, _urlset(b, [(OLD, "2025-01-05")]).encode())
        current = [("/phap-luat/triet-pha-duong-day-ma-tuy-tong-hop.html", "2026-11-25T08:00:00+07:00"),
                   (FOOTBALL, "2026-11-26"), (BROKEN, "2026-11-23"), (SLOW, "2026-11-22"), (LOOP, "2026-11-21"),
                   (MOVED, "2026-11-01"), (PDF, "2026-11-19"), (HUGE, "2026-11-18"), (A_PAGE, "2026-11-28")]
        out["/sitemaps/2026-11.xml"] = (200, xml, _urlset(b, current).encode())
        out[PDF] = (200, {"Content-Type": "application/pdf"}, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
        return out


def make_handler(site: NewsSite) -> type[BaseHTTPRequestHandler]:
    """The request handler of the site (routes computed once the port is known)."""
    routes = site.routes()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # keep the test output clean
            pass

        def _send(self, status: int, headers: dict[str, str], body: bytes = b"") -> None:
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            if "Content-Length" not in headers:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            with contextlib.suppress(OSError):  # the collector gave up waiting (the slow page)
                self.wfile.write(body)

        def do_GET(self) -> None:
            path = self.path
            with site.lock:
                site.hits.append(Hit(time.monotonic(), path, self.headers.get("User-Agent", "")))
                site.counts[path] += 1
                n = site.counts[path]
            if path == THROTTLED and n == 1:
                self._send(429, {"Retry-After": "1", "Content-Type": "text/plain"}, b"slow down")
            elif path == BROKEN:
                self._send(500, {"Content-Type": "text/plain"}, b"internal error")
            elif path == SLOW:
                time.sleep(SLOW_SECONDS)
                self._send(200, {"Content-Type": "text/html"}, b"<html><body>late</body></html>")
            elif path.startswith("/vong-lap/"):
                self._send(302, {"Location": "/vong-lap/b" if path.endswith("/a") else "/vong-lap/a"})
            elif path == MOVED:
                self._send(301, {"Location": A_PAGE})
            elif path == HUGE:
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Connection", "close")
                self.end_headers()
                chunk = b"<p>" + "Nội dung rất dài. ".encode() * 3000 + b"</p>\n"
                try:
                    for _ in range(HUGE_BYTES // len(chunk) + 1):
                        self.wfile.write(chunk)
                except OSError:  # the collector stops reading at its limit
                    pass
            elif path in routes:
                self._send(*routes[path])
            else:
                self._send(404, {"Content-Type": "text/plain"}, b"not found")

    return Handler


class Server:
    """The site on 127.0.0.1 on a free port, in a thread; `close()` stops it."""

    def __init__(self) -> None:
        self.site = NewsSite()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
        self.httpd.daemon_threads = True
        self.site.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.httpd.RequestHandlerClass = make_handler(self.site)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def hits(self, agent_part: str) -> list[Hit]:
        """The requests whose User-Agent contains `agent_part` (one collection run's contact)."""
        with self.site.lock:
            return [h for h in self.site.hits if agent_part in h.agent]

    def close(self) -> None:
        """Stop serving."""
        self.httpd.shutdown()
        self.httpd.server_close()
