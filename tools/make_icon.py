"""Draw the program's icon with Qt and write app/resources/icon.png and icon.ico.

    python tools/make_icon.py

A sheet of the working group's records on the sky blue both flags share, with the golden sun of
Kazakhstan's flag and the green band of Uzbekistan's. Each size of the .ico is drawn at its own
resolution (not scaled down from 256 px), so that the 16 and 32 px versions stay crisp. The output
is committed; run this again only to change the design.
"""

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QLinearGradient, QPainter, QPen

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "app" / "resources"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)

SKY = QColor("#00AFCA")
DEEP = QColor("#00708F")
SUN = QColor("#FEC50C")
GREEN = QColor("#1EB53A")
INK = QColor("#00708F")


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.scale(size / 256, size / 256)  # drawn on a 256 grid

    background = QLinearGradient(QPointF(0, 0), QPointF(0, 256))
    background.setColorAt(0, SKY)
    background.setColorAt(1, DEEP)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(background)
    p.drawRoundedRect(QRectF(8, 8, 240, 240), 48, 48)

    p.setBrush(QColor("white"))
    p.drawRoundedRect(QRectF(52, 40, 152, 180), 6, 6)

    p.setBrush(GREEN)
    p.drawRect(QRectF(52, 190, 152, 30))

    # Lines of text: fewer and thicker at small sizes, where thin ones would blur into grey.
    rows = (92, 124, 156) if size >= 32 else (100, 146)
    pen = QPen(INK, 14 if size >= 32 else 22, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    p.setPen(pen)
    for i, y in enumerate(rows):
        p.drawLine(QPointF(78, y), QPointF(178 if i else 138, y))

    p.setPen(QPen(QColor("white"), 8))
    p.setBrush(SUN)
    p.drawEllipse(QPointF(196, 60), 40, 40)
    p.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data)


def ico_bytes(images: dict[int, bytes]) -> bytes:
    """An .ico container of PNG images (read by Windows Vista and later at every size)."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, payload = b"", b""
    for size, png in sorted(images.items()):
        edge = 0 if size >= 256 else size  # 0 means 256 in an icon directory entry
        entries += struct.pack("<BBBBHHII", edge, edge, 0, 0, 1, 32, len(png), offset + len(payload))
        payload += png
    return header + entries + payload


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])
    OUT.mkdir(parents=True, exist_ok=True)
    images = {size: png_bytes(draw(size)) for size in ICO_SIZES}
    (OUT / "icon.png").write_bytes(images[256])
    (OUT / "icon.ico").write_bytes(ico_bytes(images))
    print(f"wrote {OUT / 'icon.png'} and {OUT / 'icon.ico'} ({', '.join(map(str, ICO_SIZES))} px)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
