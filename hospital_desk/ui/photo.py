"""Photograph a paper document (a delivery record, a death certificate) with the webcam.

The preview shows the camera; "Take photo" keeps the frame on screen as a PNG and
hands it to the claim form, which attaches it like any file. With no camera the dialog
says so (a scanned file can be attached instead).
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Signal
from PySide6.QtMultimedia import QCamera, QMediaCaptureSession, QMediaDevices
from PySide6.QtMultimediaWidgets import QVideoWidget
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hospital_desk.ui.i18n import tr


class PhotoDialog(QDialog):
    sig_photo = Signal(bytes)
    """The photo, as PNG bytes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Photograph a document"))
        self.cameras = list(QMediaDevices.videoInputs())
        self.picker = QComboBox()
        for device in self.cameras:
            self.picker.addItem(device.description())
        self.preview = QVideoWidget()
        self.preview.setMinimumSize(480, 320)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.take_button = QPushButton(tr("Take photo"))
        self.close_button = QPushButton(tr("Close"))
        self.take_button.clicked.connect(self.take_photo)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.take_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.picker)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.session = QMediaCaptureSession(self)
        self.session.setVideoOutput(self.preview)
        self.camera: QCamera | None = None
        self.picker.currentIndexChanged.connect(self._use)
        if self.cameras:
            self.message.setText(
                tr("Lay the document flat, fill the picture with it, then take the photo.")
            )
            self._use(0)
        else:
            self.picker.setEnabled(False)
            self.message.setText(
                tr("No camera found. Scan the document and attach the file instead.")
            )

    def _use(self, index: int) -> None:
        if self.camera is not None:
            self.camera.stop()
        self.camera = QCamera(self.cameras[index], self)
        self.session.setCamera(self.camera)
        self.camera.start()

    def take_photo(self) -> bool:
        """Keep the frame on screen (False, with a message, when there is none yet)."""
        image = self.preview.videoSink().videoFrame().toImage()
        if image.isNull():
            self.message.setText(tr("No picture from the camera yet."))
            return False
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs say bytes; str works
        buffer.close()
        self.sig_photo.emit(bytes(data.data()))
        self.accept()
        return True

    def done(self, result: int) -> None:
        if self.camera is not None:
            self.camera.stop()
        super().done(result)
