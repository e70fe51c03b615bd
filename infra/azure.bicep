// Friskpuls on Azure, in the Microsoft 365 Agents Toolkit way (m365agents.yml → arm/deploy).
// One resource group: a user-assigned managed identity (the bot's identity, BOT_TYPE=UserAssignedMsi,
// and the identity that reads Key Vault), App Service on Linux (Node 24), Azure Bot with the Teams
// channel, Azure Database for PostgreSQL Flexible Server 16, Key Vault for the secrets.
// Outputs land in env/.env.<env> (the Toolkit upper-cases nothing: output names are the env keys).
// What could not be validated offline: docs/deploy.md, "What was not validated here".

@maxLength(20)
@minLength(4)
@description('Prefix of every resource name; letters and digits (e.g. friskpulsdev).')
param resourceBaseName string

param location string = resourceGroup().location

@description('The bot\'s display name in Azure Bot Service.')
@maxLength(42)
param botDisplayName string

@description('App Service plan SKU. B1 is enough for one municipality; P0v3 for zone redundancy.')
param webAppSku string = 'B1'

@description('UserAssignedMsi (no secret to rotate, the Toolkit default) or SingleTenant (an Entra app with a client secret).')
@allowed([
  'UserAssignedMsi'
  'SingleTenant'
])
param botType string = 'UserAssignedMsi'

@description('SingleTenant only: the Entra app registration\'s client id (BOT_ID).')
param botAppId string = ''

@secure()
@description('SingleTenant only: the Entra app\'s client secret; stored in Key Vault as BOT-PASSWORD.')
param botPassword string = ''

@secure()
@minLength(32)
@description('Key of the pseudonymous answer tokens (ANSWER_TOKEN_SECRET): 32+ random characters, never changed afterwards.')
param answerTokenSecret string

@description('Administrator login of the PostgreSQL server.')
param postgresAdminLogin string = 'friskpuls'

@secure()
@minLength(16)
@description('Administrator password of the PostgreSQL server; part of DATABASE-URL in Key Vault.')
param postgresAdminPassword string

@description('PostgreSQL Flexible Server compute (Burstable B1ms is enough for one municipality).')
param postgresSkuName string = 'Standard_B1ms'

@description('Comma-separated Entra tenant ids whose Teams traffic the bot accepts (ALLOWED_TENANT_IDS).')
param allowedTenantIds string = tenant().tenantId

@description('The tab\'s Entra app registration (client id) for Teams SSO (TAB_APP_ID, docs/tab.md); empty: the tab accepts no sign-in.')
param tabAppId string = ''

var serverfarmsName = resourceBaseName
var webAppName = resourceBaseName
var identityName = '${resourceBaseName}-id'
var keyVaultName = take('${resourceBaseName}kv${uniqueString(resourceGroup().id)}', 24)
var postgresName = '${resourceBaseName}-pg-${uniqueString(resourceGroup().id)}'
var databaseName = 'friskpuls'
var msiBot = botType == 'UserAssignedMsi'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: identityName
  location: location
}

resource keyVault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: keyVaultName
  location: location
  properties: {
    tenantId: tenant().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
  }
}

// Key Vault Secrets User for the app's identity (read secrets, nothing else).
resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: keyVault
  name: guid(keyVault.id, identity.id, '4633458b-17de-408a-b874-0445c86b69e6')
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource postgres 'Microsoft.DBforPostgreSQL/flexibleServers@2023-12-01-preview' = {
  name: postgresName
  location: location
  sku: { name: postgresSkuName, tier: 'Burstable' }
  properties: {
    version: '16'
    administratorLogin: postgresAdminLogin
    administratorLoginPassword: postgresAdminPassword
    storage: { storageSizeGB: 32, autoGrow: 'Enabled' }
    backup: { backupRetentionDays: 35, geoRedundantBackup: 'Disabled' }
    highAvailability: { mode: 'Disabled' }
    authConfig: { activeDirectoryAuth: 'Disabled', passwordAuth: 'Enabled' }
  }
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2023-12-01-preview' = {
  parent: postgres
  name: databaseName
  properties: { charset: 'UTF8' }
}

// Public access limited to Azure services (App Service's outbound addresses vary); a VNet with
// private access is the stricter option (docs/deploy.md).
resource allowAzure 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2023-12-01-preview' = {
  parent: postgres
  name: 'AllowAzureServices'
  properties: { startIpAddress: '0.0.0.0', endIpAddress: '0.0.0.0' }
}

resource answerTokenSecretValue 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: keyVault
  name: 'ANSWER-TOKEN-SECRET'
  properties: { value: answerTokenSecret }
}

resource databaseUrlValue 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: keyVault
  name: 'DATABASE-URL'
  properties: {
    value: 'postgresql://${postgresAdminLogin}:${uriComponent(postgresAdminPassword)}@${postgres.properties.fullyQualifiedDomainName}:5432/${databaseName}?sslmode=require'
  }
}

resource botPasswordValue 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!msiBot) {
  parent: keyVault
  name: 'BOT-PASSWORD'
  properties: { value: botPassword }
}

resource serverfarm 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: serverfarmsName
  location: location
  kind: 'linux'
  sku: { name: webAppSku }
  properties: { reserved: true }
}

var secretSettings = concat([
  { name: 'ANSWER_TOKEN_SECRET', value: '@Microsoft.KeyVault(SecretUri=${answerTokenSecretValue.properties.secretUri})' }
  { name: 'DATABASE_URL', value: '@Microsoft.KeyVault(SecretUri=${databaseUrlValue.properties.secretUri})' }
], msiBot ? [] : [
  { name: 'BOT_PASSWORD', value: '@Microsoft.KeyVault(SecretUri=${keyVault.properties.vaultUri}secrets/BOT-PASSWORD)' }
])

resource webApp 'Microsoft.Web/sites@2023-12-01' = {
  name: webAppName
  location: location
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    serverFarmId: serverfarm.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      linuxFxVersion: 'NODE|24-lts'
      alwaysOn: true
      healthCheckPath: '/healthz'
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      http20Enabled: true
      // `node`, not npm: SIGTERM reaches the server, which drains before App Service stops it.
      appCommandLine: 'node --max-old-space-size=256 bin/friskpuls.mjs serve'
      appSettings: concat([
        { name: 'NODE_ENV', value: 'production' }
        { name: 'PORT', value: '8080' }
        { name: 'WEBSITES_PORT', value: '8080' }
        // zipDeploy ships the sources without node_modules; Oryx installs the production set on
        // Linux for this Node (better-sqlite3's native binary must match the host).
        { name: 'SCM_DO_BUILD_DURING_DEPLOYMENT', value: 'true' }
        { name: 'CUSTOM_BUILD_COMMAND', value: 'npm ci --omit=dev' }
        { name: 'npm_config_yes', value: 'true' }
        { name: 'BOT_ID', value: msiBot ? identity.properties.clientId : botAppId }
        { name: 'BOT_TYPE', value: botType }
        { name: 'BOT_TENANT_ID', value: tenant().tenantId }
        { name: 'ALLOWED_TENANT_IDS', value: allowedTenantIds }
        { name: 'TAB_APP_ID', value: tabAppId }
      ], secretSettings)
    }
  }
  dependsOn: [
    secretsUser
    botPasswordValue
    database
    allowAzure
  ]
}

resource botService 'Microsoft.BotService/botServices@2022-09-15' = {
  name: resourceBaseName
  location: 'global'
  kind: 'azurebot'
  sku: { name: 'F0' }
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${webApp.properties.defaultHostName}/api/messages'
    msaAppId: msiBot ? identity.properties.clientId : botAppId
    msaAppType: msiBot ? 'UserAssignedMSI' : 'SingleTenant'
    msaAppMSIResourceId: msiBot ? identity.id : null
    msaAppTenantId: tenant().tenantId
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: botService
  name: 'MsTeamsChannel'
  location: 'global'
  properties: { channelName: 'MsTeamsChannel' }
}

// The Toolkit writes these to env/.env.<env>.
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output BOT_DOMAIN string = webApp.properties.defaultHostName
output BOT_ENDPOINT string = 'https://${webApp.properties.defaultHostName}'
output BOT_ID string = msiBot ? identity.properties.clientId : botAppId
output BOT_TENANT_ID string = tenant().tenantId
output BOT_TYPE string = botType
output KEY_VAULT_NAME string = keyVault.name
output POSTGRES_SERVER_FQDN string = postgres.properties.fullyQualifiedDomainName
