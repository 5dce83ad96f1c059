#!/bin/sh
# Debian packages the tests use: LibreOffice opens our DOCX as a user's office
# suite would, poppler renders and reads PDFs, Liberation fonts match Times New
# Roman's metrics, Noto Serif CJK and Amiri give the Chinese and Arabic PDFs their
# scripts, Chromium (with its driver, for selenium) shows the live preview
# as a browser does. Installs them when missing and this user may; otherwise says
# what to install (the tests that need them are then skipped, except in CI).
PACKAGES="libreoffice-writer-nogui fonts-liberation2 poppler-utils chromium chromium-driver fonts-noto-cjk fonts-hosny-amiri"
missing=""
command -v soffice >/dev/null 2>&1 || missing="$missing libreoffice-writer-nogui"
command -v pdftotext >/dev/null 2>&1 || missing="$missing poppler-utils"
[ -d /usr/share/fonts/truetype/liberation2 ] || missing="$missing fonts-liberation2"
[ -f /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc ] || missing="$missing fonts-noto-cjk"
[ -f /usr/share/fonts/opentype/fonts-hosny-amiri/Amiri-Regular.ttf ] || missing="$missing fonts-hosny-amiri"
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v chromedriver >/dev/null 2>&1 || missing="$missing chromium-driver"
[ -z "$missing" ] && exit 0
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "installing Debian packages:$missing"
    apt-get update -q >/dev/null && \
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing >/dev/null
else
    echo "note: missing Debian packages:$missing"
    echo "      install them with: sudo apt-get install $PACKAGES"
fi
