"""The webcam path without a webcam: video frames fed through a real QVideoSink into the
window's frame scanner, decoded off the GUI thread, and the card's decision shown."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtMultimedia import QMediaDevices, QVideoFrame, QVideoSink
from pytestqt.qtbot import QtBot

from hospital_desk.card.render import render_card
from hospital_desk.ui.camera import CameraDialog, gray_array
from hospital_desk.ui.main_window import MainWindow
from tests.card.cardlab import CardLab, attacker_key
from tests.card.test_images import webcam_view

FRAME_W, FRAME_H = 1280, 720


def _frame(card: np.ndarray | None) -> QVideoFrame:
    """A 1280x720 camera frame: a grey desk, with the card's view in it if given."""
    image = QImage(FRAME_W, FRAME_H, QImage.Format.Format_RGB32)
    image.fill(QColor(120, 120, 120))
    if card is not None:
        height, width = card.shape
        rgb = np.ascontiguousarray(np.repeat(card[:, :, None], 3, axis=2))
        view = QImage(rgb.data, width, height, width * 3, QImage.Format.Format_RGB888)
        painter = QPainter(image)
        painter.drawImage((FRAME_W - width) // 2, (FRAME_H - height) // 2, view)
        painter.end()
    return QVideoFrame(image)


def _card_view(lab: CardLab, text: str) -> np.ndarray:
    member = lab.member()
    card: Image.Image = render_card(member, text)
    return webcam_view(card)


def test_a_printed_card_held_to_the_camera_gives_its_decision(
    qtbot: QtBot, window: MainWindow, ui_lab: CardLab
) -> None:
    sink = QVideoSink()
    window.frame_scanner.watch(sink)
    sink.setVideoFrame(_frame(None))  # the desk before the card is held up
    qtbot.waitUntil(lambda: window.frame_scanner.frames_decoded == 1)
    assert window.panel.colour == "grey"  # nothing read: the panel still waits
    sink.setVideoFrame(_frame(_card_view(ui_lab, ui_lab.text())))
    qtbot.waitUntil(lambda: window.panel.colour == "green", timeout=10_000)
    assert not window.frame_scanner.armed  # one card, one decision: paused until re-armed
    seen = window.frame_scanner.frames_decoded
    sink.setVideoFrame(_frame(_card_view(ui_lab, ui_lab.text())))
    qtbot.waitUntil(window.tasks.idle)
    assert window.frame_scanner.frames_decoded == seen
    window.frame_scanner.stop()


def test_a_forged_card_held_to_the_camera_shows_red(
    qtbot: QtBot, window: MainWindow, ui_lab: CardLab
) -> None:
    sink = QVideoSink()
    window.frame_scanner.watch(sink)
    forged = ui_lab.text(key=attacker_key(7))
    sink.setVideoFrame(_frame(_card_view(ui_lab, forged)))
    qtbot.waitUntil(lambda: window.panel.colour == "red", timeout=10_000)
    window.frame_scanner.stop()


def test_frames_arriving_while_one_is_decoded_are_dropped_not_queued(
    qtbot: QtBot, window: MainWindow
) -> None:
    sink = QVideoSink()
    window.frame_scanner.watch(sink)
    for _ in range(30):
        sink.setVideoFrame(_frame(None))
    qtbot.waitUntil(window.tasks.idle)
    scanner = window.frame_scanner
    assert scanner.frames_seen == 30
    assert 1 <= scanner.frames_decoded < 30
    scanner.stop()


def test_gray_array_keeps_the_pixels_of_an_odd_width_image() -> None:
    image = QImage(13, 5, QImage.Format.Format_RGB32)
    image.fill(QColor(255, 255, 255))
    image.setPixelColor(12, 4, QColor(0, 0, 0))
    gray = gray_array(image)
    assert gray.shape == (5, 13)
    assert gray[4, 12] == 0 and gray[0, 0] == 255


def test_the_camera_dialog_says_clearly_when_there_is_no_camera(
    qtbot: QtBot, window: MainWindow
) -> None:
    if QMediaDevices.videoInputs():
        pytest.skip("this machine has a camera: the no-camera message cannot show")
    dialog = window.open_camera()
    assert isinstance(dialog, CameraDialog)
    assert "No camera found" in dialog.message.text()
    assert not dialog.picker.isEnabled()
    window.set_language("km")
    dialog.close()
    dialog = window.open_camera()
    assert "រកមិនឃើញកាមេរ៉ា" in dialog.message.text()
    dialog.close()
    window.set_language("en")
