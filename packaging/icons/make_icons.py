"""Render comptoir.svg into the icon files the installers need; commit the results.

    .venv/bin/python packaging/icons/make_icons.py

comptoir.ico (Windows executables and setup program), comptoir.icns (macOS bundle and disk
image) and comptoir.png (Linux). Qt renders the SVG; both container formats hold PNG images
(ICO since Windows Vista, ICNS since macOS 10.7), so no image library beyond Qt is needed.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

HERE = Path(__file__).resolve().parent
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_TYPES = {  # OSType -> pixel size (the @2x types hold the doubled size)
    b"icp4": 16,
    b"icp5": 32,
    b"ic07": 128,
    b"ic08": 256,
    b"ic09": 512,
    b"ic10": 1024,
    b"ic11": 32,
    b"ic12": 64,
    b"ic13": 256,
    b"ic14": 512,
}


def render(renderer: QSvgRenderer, size: int) -> bytes:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def ico(images: dict[int, bytes]) -> bytes:
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, blobs = b"", b""
    for size, png in sorted(images.items()):
        side = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        blobs += png
        offset += len(png)
    return header + entries + blobs


def icns(images: dict[int, bytes]) -> bytes:
    chunks = b"".join(
        kind + struct.pack(">I", 8 + len(images[size])) + images[size]
        for kind, size in ICNS_TYPES.items()
    )
    return b"icns" + struct.pack(">I", 8 + len(chunks)) + chunks


def main() -> int:
    app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(HERE / "comptoir.svg"))
    if not renderer.isValid():
        print("comptoir.svg is not a valid SVG", file=sys.stderr)
        return 1
    sizes = sorted({*ICO_SIZES, *ICNS_TYPES.values()})
    images = {size: render(renderer, size) for size in sizes}
    (HERE / "comptoir.ico").write_bytes(ico({s: images[s] for s in ICO_SIZES}))
    (HERE / "comptoir.icns").write_bytes(icns(images))
    (HERE / "comptoir.png").write_bytes(images[256])
    # The window icon the application sets at run time (taskbar, Alt+Tab, title bar).
    (HERE.parent.parent / "pos_app" / "resources" / "comptoir.png").write_bytes(images[256])
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
