"""Demo: a two-question citizen survey on the park and the bus lines, with some answers
sent through the same path as the site's form."""

import random

from django.http import QueryDict

from .models import SCALE, FormPage, FormPageField
from .submissions import record_submission

PARKS = ["Her gün", "Haftada birkaç kez", "Ayda birkaç kez", "Hiç"]


def load(demo):
    page = demo.page(
        demo.home,
        FormPage,
        "kent-parki-anketi",
        title="Kent Parkı Memnuniyet Anketi",
        kind="survey",
        intro=(
            "<p>Yenilenen Kent Parkı hakkındaki görüşleriniz bizim için önemli. Anket iki "
            "sorudan oluşur ve kimlik bilgisi istemez.</p>"
        ),
        thanks="<p>Katılımınız için teşekkür ederiz. Sonuçlar belediye meclisine sunulacaktır.</p>",
        one_answer_per_person=True,
        show_in_menus=False,
        form_fields=[
            FormPageField(
                sort_order=0,
                label="Parkı ne sıklıkla kullanıyorsunuz?",
                field_type="radio",
                choices="\n".join(PARKS),
            ),
            FormPageField(
                sort_order=1,
                label="Parktan ne kadar memnunsunuz?",
                field_type=SCALE,
                help_text="1: hiç memnun değilim, 5: çok memnunum",
            ),
        ],
    )
    if page.get_submissions().exists():
        return
    rng = random.Random("kent-parki")
    fields = list(page.get_form_fields())
    for _answer in range(36):
        data = QueryDict(mutable=True)
        data[fields[0].clean_name] = rng.choices(PARKS, weights=[3, 5, 3, 1])[0]
        data[fields[1].clean_name] = str(rng.choices([1, 2, 3, 4, 5], weights=[1, 2, 4, 6, 4])[0])
        form = page.get_form(data, page=page)
        if form.is_valid():
            record_submission(page, form)
