"""Scanning with a webcam: frames from a QVideoSink decoded off the GUI thread.

`FrameScanner` listens to any QVideoSink (the camera preview's, or one a test feeds): it
turns the newest frame into a grayscale array on the GUI thread (a copy, cheap), decodes
it with the card module's decoder on the task helper's decode worker, and drops frames
that arrive while one is being decoded, so a slow machine never builds a backlog. On a
card it emits `sig_found(text)` once and pauses until re-armed.

`CameraDialog` is what the receptionist sees (F7): the camera picker, the live preview,
what to do, and a clear message when there is no camera.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QImage
from PySide6.QtMultimedia import (
    QCamera,
    QCameraDevice,
    QMediaCaptureSession,
    QMediaDevices,
    QVideoFrame,
    QVideoSink,
)
from PySide6.QtMultimediaWidgets import QVideoWidget
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from hospital_desk.card.decode import decode_gray
from hospital_desk.card.qrtext import pick_card_text
from hospital_desk.ui.i18n import tr
from hospital_desk.ui.tasks import TaskManager


def gray_array(image: QImage) -> np.ndarray:
    """The image as an 8-bit grayscale numpy array (a copy: the frame may be reused)."""
    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    width, height, stride = gray.width(), gray.height(), gray.bytesPerLine()
    data = np.frombuffer(gray.constBits(), dtype=np.uint8, count=stride * height)
    return data.reshape(height, stride)[:, :width].copy()


class FrameScanner(QObject):
    sig_found = Signal(str)
    """A card's QR text read from a frame (emitted once; `arm()` to read the next)."""

    def __init__(self, tasks: TaskManager, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.armed = True
        self.decoding = False
        self.frames_seen = 0
        self.frames_decoded = 0
        self._sinks: list[QVideoSink] = []

    def watch(self, sink: QVideoSink) -> None:
        sink.videoFrameChanged.connect(self._on_frame)
        self._sinks.append(sink)

    def stop(self) -> None:
        for sink in self._sinks:
            sink.videoFrameChanged.disconnect(self._on_frame)
        self._sinks.clear()
        self.armed = False

    def arm(self) -> None:
        self.armed = True

    def _on_frame(self, frame: QVideoFrame) -> None:
        self.frames_seen += 1
        if not self.armed or self.decoding or not frame.isValid():
            return  # a frame is being decoded: this one is dropped, the next one counts
        image = frame.toImage()
        if image.isNull():
            return
        gray = gray_array(image)
        self.decoding = True
        self.tasks.run_cpu(lambda: decode_gray(gray), self._decoded, self._failed)

    def _decoded(self, texts: list[str]) -> None:
        self.decoding = False
        self.frames_decoded += 1
        if self.armed and texts:
            self.armed = False
            self.sig_found.emit(pick_card_text(texts))

    def _failed(self, _error: BaseException) -> None:
        self.decoding = False  # an undecodable frame: wait for the next one


NO_CAMERA = (
    "No camera found. Connect a webcam, or scan with the USB scanner or open an image of the card."
)


class CameraDialog(QDialog):
    """Pick a camera, see its preview, hold the card up: the result shows in the window."""

    def __init__(self, scanner: FrameScanner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scanner = scanner
        self.setWindowTitle(tr("Scan with the camera"))
        self.cameras: list[QCameraDevice] = list(QMediaDevices.videoInputs())
        self.picker = QComboBox()
        for device in self.cameras:
            self.picker.addItem(device.description())
        self.preview = QVideoWidget()
        self.preview.setMinimumSize(480, 270)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(tr("Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.picker)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.session = QMediaCaptureSession(self)
        self.session.setVideoOutput(self.preview)
        self.camera: QCamera | None = None
        self.scanner.watch(self.preview.videoSink())
        self.scanner.arm()
        self.scanner.sig_found.connect(self._found)
        self.picker.currentIndexChanged.connect(self._use)
        if self.cameras:
            self.message.setText(tr("Hold the card's QR code in front of the camera."))
            self._use(0)
        else:
            self.picker.setEnabled(False)
            self.message.setText(
                tr(
                    "No camera found. Connect a webcam, or scan with the USB scanner "
                    "or open an image of the card."
                )
            )

    def _use(self, index: int) -> None:
        if self.camera is not None:
            self.camera.stop()
        self.camera = QCamera(self.cameras[index], self)
        self.camera.errorOccurred.connect(self._camera_error)
        self.session.setCamera(self.camera)
        self.camera.start()

    def _camera_error(self, _error: QCamera.Error, text: str) -> None:
        self.message.setText(tr("The camera cannot be used: ") + text)

    def _found(self, _text: str) -> None:
        QApplication.beep()
        self.message.setText(tr("Card read."))
        self.message.setStyleSheet("background: #1b7f3b; color: white; font-weight: bold;")
        QTimer.singleShot(400, self.accept)

    def done(self, result: int) -> None:
        if self.camera is not None:
            self.camera.stop()
        self.scanner.sig_found.disconnect(self._found)
        self.scanner.stop()
        super().done(result)
