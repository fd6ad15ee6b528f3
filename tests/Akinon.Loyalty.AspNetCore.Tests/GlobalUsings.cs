global using System.Net;
global using Akinon.Loyalty.AspNetCore.Tests.Infrastructure;
