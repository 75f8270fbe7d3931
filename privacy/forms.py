from django import forms

from dundian.bounds import BoundedFieldsMixin


class AccessFilterForm(BoundedFieldsMixin, forms.Form):
    q = forms.CharField(
        label="查看人或工单号",
        required=False,
        max_length=50,
        widget=forms.TextInput(attrs={"placeholder": "登录名或工单编号"}),
    )
    start = forms.DateField(label="自", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="至", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", "结束日期不能早于开始日期。")
        return data
