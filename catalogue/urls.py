from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import TemplateView

from papers.views import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Pages are cached for everyone, so they cannot carry a per-user logout form; this one can.
    path(
        "accounts/sign-out/",
        TemplateView.as_view(template_name="registration/sign_out.html"),
        name="sign_out",
    ),
    path("admin/", admin.site.urls),
    path("", include("papers.urls")),
]
