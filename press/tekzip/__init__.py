"""Denial notices (tekzip, cevap ve düzeltme): models, statutory deadlines (rules), admin
views and viewset, letters on letterhead and daily reminders. The models keep app_label
"press"; press.models gathers them."""
