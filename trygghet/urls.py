from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import JavaScriptCatalog, set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import views
from .api.router import build_router
from .forms import LoginForm
from .registry import project_apps

# Error answers under /api/ are JSON like the API's own (the schema documents them).
handler400 = views.bad_request
handler403 = views.permission_denied
handler404 = views.page_not_found
handler500 = views.server_error

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("favicon.ico", login_not_required(RedirectView.as_view(url=static("favicon.svg")))),
    path("konto/logga-in/", auth_views.LoginView.as_view(
        redirect_authenticated_user=True, authentication_form=LoginForm), name="login"),
    path("konto/logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("konto/losenord/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("konto/losenord/klart/", auth_views.PasswordChangeDoneView.as_view(),
         name="password_change_done"),
    path("konto/installningar/", views.account_settings, name="account-settings"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("jsi18n/", login_not_required(JavaScriptCatalog.as_view()), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    path("api/v1/", include((build_router().urls, "api"))),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start script as a file (no inline script, the CSP).
    path("api/docs/", SpectacularSwaggerSplitView.as_view(
        url_name="api-schema", template_name="api_docs.html"), name="api-docs"),
]

# Each app mounts its pages under its own prefix (its AppConfig.url_prefix).
urlpatterns += [
    path(config.url_prefix, include(f"{config.name}.urls"))
    for config in project_apps() if config.url_prefix is not None
]
# Public pages an app keeps outside its prefix (an anslagstavla at /anslagstavla/).
urlpatterns += [
    path(config.public_url_prefix, include(f"{config.name}.public_urls"))
    for config in project_apps() if config.public_url_prefix is not None
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
