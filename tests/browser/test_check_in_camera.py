"""The door on a phone: the camera reads a ticket's QR code and checks the person in. Chromium gets a
fake camera that films a generated QR image; the page decodes it with the vendored jsQR (the path
iOS Safari and Firefox take, which have no BarcodeDetector)."""

import pytest
import segno

from .conftest import CHROMIUM, CHROMIUM_ARGS, screenshot
from .test_registration_journey import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH, HEIGHT = 640, 480


def qr_video(path, text, frames=10):
    """A Y4M video (the format Chromium's fake camera plays) of `text` as a QR code on white."""
    matrix = [list(row) for row in segno.make_qr(text, error="m").matrix]
    scale = 300 // len(matrix)
    size = scale * len(matrix)
    left, top = (WIDTH - size) // 2, (HEIGHT - size) // 2
    luma = bytearray(b"\xeb" * (WIDTH * HEIGHT))  # white (video range)
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            if dark:
                for y in range(top + r * scale, top + (r + 1) * scale):
                    start = y * WIDTH + left + c * scale
                    luma[start : start + scale] = b"\x10" * scale  # black
    chroma = b"\x80" * (WIDTH * HEIGHT // 4)
    with open(path, "wb") as video:
        video.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(frames):
            video.write(b"FRAME\n" + bytes(luma) + chroma + chroma)


@pytest.fixture
def camera_phone(browser, tmp_path):
    """A phone-sized page whose camera films whatever `camera_phone.film(text)` put in front of it
    (a second Chromium, launched by the session's Playwright with the fake-camera switches)."""
    video = tmp_path / "camera.y4m"

    class Phone:
        page = None

        def film(self, text):
            qr_video(video, text)
            self.browser = browser.browser_type.launch(
                executable_path=CHROMIUM,
                args=[
                    *CHROMIUM_ARGS,
                    "--use-fake-ui-for-media-stream",
                    "--use-fake-device-for-media-stream",
                    f"--use-file-for-fake-video-capture={video}",
                ],
            )
            context = self.browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
            # Decode as a browser without BarcodeDetector does (iOS Safari, Firefox).
            context.add_init_script("delete window.BarcodeDetector;")
            self.page = context.new_page()
            self.page.set_default_timeout(20000)
            return self.page

    phone = Phone()
    yield phone
    if phone.page is not None:
        phone.browser.close()


def test_the_camera_reads_a_ticket_and_checks_the_person_in(
    live_server, camera_phone, make_user, make_event, make_group
):
    from events.services.registration import register

    organizer = make_user(name="Olu Organizer")
    group = make_group()
    group.organizers.add(organizer)
    group.save()
    occurrence = make_event(title="Open Data Day", group=group, capacity=10).occurrences.get()
    registration = register(make_user(name="Grace Hopper"), occurrence)
    page = camera_phone.film(registration.code)
    log_in(page, live_server, organizer)

    page.goto(f"{live_server.url}/organize/dates/{occurrence.pk}/check-in/")
    page.get_by_role("button", name="Scan a QR code").click()
    page.locator("#check-in-result").filter(has_text="Grace Hopper is checked in.").wait_for()
    assert page.locator("#check-in-scan").get_attribute("data-decoder") == "jsqr"
    assert page.locator('[data-count="checked_in"]').inner_text() == "1"
    # The ticket stays in front of the camera: it is not sent again and again.
    page.wait_for_timeout(1500)
    assert page.locator("#check-in-result").inner_text() == "Grace Hopper is checked in."
    screenshot(page, "check-in-camera-phone")
    page.get_by_role("button", name="Stop camera").click()
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
